using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// POST /api/orders/import: an import client brings order history in batches; each order is checked as
/// signing, payments and cancellation check it, stored once by the client's id, and published as if it
/// had been signed and paid one call at a time.
/// </summary>
public class OrderImportTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly DateTimeOffset LastYear = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private HttpClient Importer => service.ClientAsIntegration("crm.import");

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<Guid> AProduct() => (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;

    private static object Line(Guid product, decimal quantity = 3m, decimal unitPrice = 200m) => new { productId = product, quantity, unitPrice };

    private static Dictionary<string, object?> AnOrder(Guid id, Guid customer, Guid owner, Guid product, string branch = "north", DateTimeOffset? signedAt = null) => new()
    {
        ["id"] = id, ["customerId"] = customer, ["branch"] = branch, ["ownerId"] = owner, ["signedAt"] = signedAt ?? LastYear,
        ["lines"] = new[] { Line(product) },
    };

    private Task<HttpResponseMessage> ImportAsync(HttpClient client, IEnumerable<object> orders) =>
        client.PostAsJsonAsync("/api/orders/import", new { orders });

    private async Task<JsonElement> ImportedAsync(IEnumerable<object> orders)
    {
        var response = await ImportAsync(Importer, orders);
        var body = await Json(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return body;
    }

    private static List<Guid> Ids(JsonElement report) => [.. report.GetProperty("ids").EnumerateArray().Select(i => i.GetGuid())];

    [Fact]
    public async Task A_batch_is_stored_with_its_payments_and_cancellation_and_sending_it_again_imports_nothing()
    {
        var (northRep, eastRep) = (await service.AStaffMemberAsync(branch: "north"), await service.AStaffMemberAsync(branch: "east"));
        var (north, east) = (await service.AKnownCustomerAsync("north", northRep), await service.AKnownCustomerAsync("east", eastRep));
        var (cable, lamp) = (await AProduct(), await AProduct());
        var (paid, due, cancelled) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var batch = new object[]
        {
            new Dictionary<string, object?>(AnOrder(paid, north, northRep, cable))
            {
                ["lines"] = new[] { Line(cable, 2m, 150m), Line(lamp, 1.5m, 20m) },
                ["payments"] = new[] { new { amount = 100m, receivedAt = LastYear.AddDays(3), reference = "deposit" }, new { amount = 230m, receivedAt = LastYear.AddDays(20), reference = "balance" } },
            },
            new Dictionary<string, object?>(AnOrder(due, east, eastRep, lamp, "east")) { ["paymentDueAt"] = LastYear.AddDays(90) },
            new Dictionary<string, object?>(AnOrder(cancelled, north, northRep, cable)) { ["cancellation"] = new { reason = "Customer withdrew", cancelledAt = LastYear.AddDays(2) } },
        };
        var before = await service.StoredEventCountAsync();

        var first = await ImportedAsync(batch);
        var afterFirst = await service.StoredEventCountAsync();
        var again = await ImportedAsync(batch);

        Assert.Equal((3, 0, 0), (first.GetProperty("imported").GetInt32(), first.GetProperty("alreadyImported").GetInt32(), first.GetProperty("errors").GetArrayLength()));
        Assert.Equal([paid, due, cancelled], Ids(first));
        Assert.Equal(before + 3 + 1 + 2, afterFirst); // signed + two payments; signed; signed + cancelled
        Assert.Equal((0, 3, 0), (again.GetProperty("imported").GetInt32(), again.GetProperty("alreadyImported").GetInt32(), again.GetProperty("errors").GetArrayLength()));
        Assert.Equal([paid, due, cancelled], Ids(again));
        Assert.Equal(afterFirst, await service.StoredEventCountAsync());

        var order = await service.ClientAs("sales-rep", "north", northRep).GetFromJsonAsync<JsonElement>($"/api/orders/{paid}");
        Assert.Equal((LastYear, "north", northRep), (order.GetProperty("signedAt").GetDateTimeOffset(), order.GetProperty("branch").GetString(), order.GetProperty("ownerId").GetGuid()));
        Assert.Equal((330m, 330m, 0m), (order.GetProperty("signedAmount").GetProperty("amount").GetDecimal(),
            order.GetProperty("collectedAmount").GetProperty("amount").GetDecimal(), order.GetProperty("outstandingAmount").GetProperty("amount").GetDecimal()));
        Assert.Equal([LastYear.AddDays(3), LastYear.AddDays(20)], order.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("receivedAt").GetDateTimeOffset()));
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());
        var inEast = await service.ClientAs("branch-head", "east").GetFromJsonAsync<JsonElement>($"/api/orders/{due}");
        Assert.Equal(LastYear.AddDays(90), inEast.GetProperty("paymentDueAt").GetDateTimeOffset());
        var calledOff = await Importer.GetFromJsonAsync<JsonElement>($"/api/orders/{cancelled}");
        Assert.Equal("cancelled", calledOff.GetProperty("status").GetString());
        var history = await Importer.GetFromJsonAsync<JsonElement>($"/api/orders/{paid}/history");
        Assert.Equal(3, history.GetProperty("items").GetArrayLength());
        Assert.All(history.GetProperty("items").EnumerateArray(), e =>
            Assert.Equal(("legacy-crm", "north"), (e.GetProperty("actor").GetString(), e.GetProperty("branch").GetString())));
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "north").GetAsync($"/api/orders/{due}")).StatusCode);
    }

    [Fact]
    public async Task The_same_batch_sent_twice_at_once_is_stored_once()
    {
        var rep = await service.AStaffMemberAsync(branch: "north");
        var customer = await service.AKnownCustomerAsync("north", rep);
        var product = await AProduct();
        var batch = Enumerable.Range(0, 20).Select(_ => (object)AnOrder(Guid.CreateVersion7(), customer, rep, product)).ToList();
        var before = await service.StoredEventCountAsync();

        var answers = await Task.WhenAll(ImportAsync(Importer, batch), ImportAsync(Importer, batch));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var reports = await Task.WhenAll(answers.Select(Json));
        Assert.Equal(20, reports.Sum(r => r.GetProperty("imported").GetInt32()));
        Assert.Equal(20, reports.Sum(r => r.GetProperty("alreadyImported").GetInt32()));
        Assert.All(reports, r => Assert.Equal(20, r.GetProperty("ids").GetArrayLength()));
        Assert.Equal(before + 20, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task The_same_orders_sent_at_once_under_two_branches_are_stored_once_in_one_of_them()
    {
        var (northRep, eastRep) = (await service.AStaffMemberAsync(branch: "north"), await service.AStaffMemberAsync(branch: "east"));
        var (north, east) = (await service.AKnownCustomerAsync("north", northRep), await service.AKnownCustomerAsync("east", eastRep));
        var product = await AProduct();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();
        var before = await service.StoredEventCountAsync();

        var answers = await Task.WhenAll(
            ImportAsync(Importer, ids.Select(id => (object)AnOrder(id, north, northRep, product))),
            ImportAsync(Importer, ids.Select(id => (object)AnOrder(id, east, eastRep, product, "east"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var reports = await Task.WhenAll(answers.Select(Json));
        Assert.Equal(20, reports.Sum(r => r.GetProperty("imported").GetInt32()));
        Assert.Equal(20, reports.Sum(r => r.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal(before + 20, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Bad_orders_are_reported_by_index_and_field_and_only_the_good_ones_are_stored()
    {
        var rep = await service.AStaffMemberAsync(branch: "north");
        var customer = await service.AKnownCustomerAsync("north", rep);
        var archived = Guid.CreateVersion7();
        await service.DeliverCustomerEventAsync("customer-registered",
            new { customerId = archived, branch = "north", name = "Closed Trading", category = "other", ownerId = rep, registeredAt = LastYear, grade = "normal" }, archived, "north", 1);
        await service.DeliverCustomerEventAsync("customer-archived", new { customerId = archived, branch = "north", archivedAt = LastYear }, archived, "north", 2);
        var product = await AProduct();
        var good = Guid.CreateVersion7();
        var twice = Guid.CreateVersion7();
        Dictionary<string, object?> Order(Guid? customerId = null) => AnOrder(Guid.CreateVersion7(), customerId ?? customer, rep, product);
        var batch = new (object Order, string Field)[]
        {
            (AnOrder(good, customer, rep, product), ""),
            (Order(Guid.CreateVersion7()), "customerId"),
            (new Dictionary<string, object?>(Order()) { ["lines"] = new[] { Line(Guid.CreateVersion7()) } }, "lines[0].productId"),
            (Order(archived), "customerId"),
            (new Dictionary<string, object?>(Order()) { ["signedAt"] = DateTimeOffset.UtcNow.AddDays(2) }, "signedAt"),
            (new Dictionary<string, object?>(Order()) { ["lines"] = new[] { Line(product, quantity: -2m) } }, "lines[0].quantity"),
            (new Dictionary<string, object?>(Order()) { ["lines"] = Array.Empty<object>() }, "lines"),
            (new Dictionary<string, object?>(Order()) { ["payments"] = new[] { new { amount = 601m, receivedAt = LastYear.AddDays(1) } } }, "payments[0]"),
            (new Dictionary<string, object?>(Order()) { ["payments"] = new[] { new { amount = 0.001m, receivedAt = LastYear.AddDays(1) } } }, "payments[0].amount"),
            (new Dictionary<string, object?>(Order()) { ["payments"] = new[] { new { amount = 100m, receivedAt = LastYear.AddDays(1) } }, ["cancellation"] = new { reason = "Withdrawn" } }, "cancellation"),
            (new Dictionary<string, object?>(Order()) { ["id"] = null }, "id"),
            (new Dictionary<string, object?>(Order()) { ["branch"] = "North Branch" }, "branch"),
            (new Dictionary<string, object?>(Order()) { ["ownerId"] = Guid.CreateVersion7() }, "ownerId"),
            (AnOrder(twice, customer, rep, product), ""),
            (AnOrder(twice, customer, rep, product), "id"),
        };
        var before = await service.StoredEventCountAsync();

        var report = await ImportedAsync(batch.Select(b => b.Order));

        Assert.Equal((2, 0), (report.GetProperty("imported").GetInt32(), report.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal([good, twice], Ids(report));
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        var expected = batch.Select((b, i) => (Index: i, b.Field)).Where(b => b.Field.Length > 0).ToList();
        Assert.Equal(expected.Select(e => e.Index), errors.Select(e => e.GetProperty("index").GetInt32()));
        foreach (var (error, (index, field)) in errors.Zip(expected))
        {
            var fields = error.GetProperty("errors");
            Assert.True(fields.TryGetProperty(field, out var messages), $"order {index}: {field} in {fields}");
            Assert.NotEmpty(messages.EnumerateArray());
        }
        Assert.Equal(before + 2, await service.StoredEventCountAsync());
        foreach (var error in errors.Where(e => e.GetProperty("id").ValueKind == JsonValueKind.String && e.GetProperty("id").GetGuid() != twice))
            Assert.Equal(HttpStatusCode.NotFound, (await Importer.GetAsync($"/api/orders/{error.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_empty_or_overlong_batch_is_a_bad_request_and_nothing_is_stored()
    {
        var rep = await service.AStaffMemberAsync(branch: "north");
        var customer = await service.AKnownCustomerAsync("north", rep);
        var product = await AProduct();
        var tooMany = Enumerable.Range(0, 1001).Select(_ => (object)AnOrder(Guid.CreateVersion7(), customer, rep, product)).ToList();
        var before = await service.StoredEventCountAsync();

        var overlong = await ImportAsync(Importer, tooMany);
        var empty = await ImportAsync(Importer, []);
        var none = await Importer.PostAsJsonAsync("/api/orders/import", new { });

        foreach (var response in new[] { overlong, empty, none })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("orders", out _));
        }
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Only_an_import_client_may_import_orders()
    {
        var rep = await service.AStaffMemberAsync(branch: "north");
        var customer = await service.AKnownCustomerAsync("north", rep);
        var product = await AProduct();
        var batch = new object[] { AnOrder(Guid.CreateVersion7(), customer, rep, product) };
        var before = await service.StoredEventCountAsync();

        var callers = new[]
        {
            service.ClientAsIntegration(), service.ClientAs("group-executive"), service.ClientAs("branch-head", "north"),
            service.ClientAs("sales-rep", "north", rep), service.ClientAs("branch-admin", "north"), service.ClientAs("system-admin"),
        };
        foreach (var caller in callers)
            Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(caller, batch)).StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Subscribers_hear_of_an_imported_order_exactly_as_of_one_signed_and_paid_call_by_call()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.#");
        var rep = await service.AStaffMemberAsync(branch: "east");
        var customer = await service.AKnownCustomerAsync("east", rep);
        var product = await AProduct();
        var payments = new[] { new { amount = 250m, receivedAt = LastYear.AddDays(5), reference = "deposit" }, new { amount = 100m, receivedAt = LastYear.AddDays(9), reference = "more" } };
        var single = new { customerId = customer, branch = "east", ownerId = rep, signedAt = LastYear, lines = new[] { Line(product) } };

        var (signed, _, _) = await service.CreateAsync(Importer, "/api/orders", single);
        foreach (var payment in payments)
            Assert.Equal(HttpStatusCode.OK, (await Importer.PostAsJsonAsync($"/api/orders/{signed}/payments", payment)).StatusCode);
        var imported = Guid.CreateVersion7();
        var report = await ImportedAsync([new Dictionary<string, object?>(AnOrder(imported, customer, rep, product, "east")) { ["payments"] = payments }]);

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var heard = await Eventually.Get(() => Task.FromResult(subscriber.Received.ToList()),
            r => r.Count(e => e.Header("ce-subject") == signed.ToString()) == 3 && r.Count(e => e.Header("ce-subject") == imported.ToString()) == 3,
            what: "both orders' events published");
        List<(string Key, string Branch, string Type, string Body)> Of(Guid order) => [.. heard.Where(e => e.Header("ce-subject") == order.ToString())
            .Select(e => (e.RoutingKey, e.Header("crm-branch"), e.Header("ce-type"), WithoutIds(e.Body)))];
        Assert.Equal(["sales.order-signed", "sales.payment-received", "sales.payment-received"], Of(imported).Select(e => e.Key));
        Assert.Equal(Of(signed), Of(imported));
    }

    /// <summary>The event's body without the order's and payment's own ids, which differ between the two orders compared.</summary>
    private static string WithoutIds(JsonElement body)
    {
        var node = JsonNode.Parse(body.GetRawText())!.AsObject();
        node.Remove("orderId");
        node.Remove("paymentId");
        return node.ToJsonString();
    }
}
