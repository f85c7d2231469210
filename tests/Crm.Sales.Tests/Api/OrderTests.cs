using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class OrderTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Rep = Guid.CreateVersion7();
    private HttpClient RepClient => service.ClientAs("sales-rep", "north", Rep);

    private async Task<Guid> AProduct() =>
        (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;

    private async Task<object> AnOrderFor(Guid customerId, decimal quantity = 10m, decimal unitPrice = 450m) =>
        new { customerId, lines = new[] { new { productId = await AProduct(), quantity, unitPrice } } };

    private async Task<(Guid Id, JsonElement Body, string ETag)> ARepsOrder() =>
        await service.CreateAsync(RepClient, "/api/orders", await AnOrderFor(await service.AKnownCustomerAsync("north", Rep)));

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static decimal Amount(JsonElement order, string field) => order.GetProperty(field).GetProperty("amount").GetDecimal();

    private Task<HttpResponseMessage> Post(string path, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return RepClient.SendAsync(request);
    }

    [Fact]
    public async Task A_rep_signs_an_order_that_is_due_in_30_days_and_is_published_with_its_lines()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.order-signed");

        var (id, body, etag) = await ARepsOrder();

        Assert.Equal("\"1\"", etag);
        Assert.Equal(Rep, body.GetProperty("ownerId").GetGuid());
        Assert.Equal((4500m, 0m, 4500m, 0m), (Amount(body, "signedAmount"), Amount(body, "collectedAmount"), Amount(body, "outstandingAmount"), Amount(body, "overdueAmount")));
        Assert.Equal(body.GetProperty("signedAt").GetDateTimeOffset().AddDays(30), body.GetProperty("paymentDueAt").GetDateTimeOffset());
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Header("ce-subject") == id.ToString())),
            e => e is not null, what: "order-signed published");
        var line = Assert.Single(published!.Body.GetProperty("lines").EnumerateArray());
        Assert.Equal("cable", line.GetProperty("productCategory").GetString());
        // MassTransit writes decimals as JSON strings to keep their precision; either form is the same amount.
        var lineTotal = line.GetProperty("lineTotal").GetProperty("amount");
        Assert.Equal(JsonValueKind.Number, lineTotal.ValueKind); // money amounts are JSON numbers on the wire
        Assert.Equal(4500m, lineTotal.GetDecimal());
        Assert.Equal("north", published.Header("crm-branch"));
    }

    [Fact]
    public async Task Bad_lines_and_a_rep_giving_the_signing_time_are_refused_and_nothing_is_stored()
    {
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var product = await AProduct();
        var before = await service.StoredEventCountAsync();

        var response = await RepClient.PostAsJsonAsync("/api/orders", new
        {
            customerId = customer, signedAt = "2025-01-01T08:00:00Z",
            lines = new object[] { new { productId = product, quantity = 0m, unitPrice = -1m }, new { productId = Guid.CreateVersion7(), quantity = 1m, unitPrice = 1m } },
        });
        var noLines = await RepClient.PostAsJsonAsync("/api/orders", new { customerId = customer, lines = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        foreach (var field in new[] { "signedAt", "lines[0].quantity", "lines[0].unitPrice", "lines[1].productId" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.True((await Json(noLines)).GetProperty("errors").TryGetProperty("lines", out _));
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_customer_the_rep_does_not_own_is_a_bad_field()
    {
        var response = await RepClient.PostAsJsonAsync("/api/orders", await AnOrderFor(await service.AKnownCustomerAsync("north", Guid.CreateVersion7())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("customerId", out _));
    }

    [Fact]
    public async Task Partial_payments_are_collected_overpayment_is_a_conflict_and_a_reversal_restores_the_outstanding_amount()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.#");
        var (id, _, etag) = await ARepsOrder();

        var paid = await Post($"/api/orders/{id}/payments", new { amount = 1500m, reference = "Bank 7781" }, etag);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var afterPayment = await Json(paid);
        Assert.Equal((1500m, 3000m), (Amount(afterPayment, "collectedAmount"), Amount(afterPayment, "outstandingAmount")));
        var paymentId = Assert.Single(afterPayment.GetProperty("payments").EnumerateArray()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Conflict, (await Post($"/api/orders/{id}/payments", new { amount = 3000.01m }, paid.Headers.ETag!.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Post($"/api/orders/{id}/payments", new { amount = 1m }, etag)).StatusCode);

        var reversed = await Post($"/api/orders/{id}/payments/{paymentId}/reverse", new { reason = "Wrong order" }, paid.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        var afterReversal = await Json(reversed);
        Assert.Equal((0m, 4500m), (Amount(afterReversal, "collectedAmount"), Amount(afterReversal, "outstandingAmount")));
        Assert.True(Assert.Single(afterReversal.GetProperty("payments").EnumerateArray()).GetProperty("reversed").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await Post($"/api/orders/{id}/payments/{paymentId}/reverse", new { reason = "Again" }, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post($"/api/orders/{id}/payments/{Guid.CreateVersion7()}/reverse", new { reason = "Unknown" }, "*")).StatusCode);

        await Eventually.Get(() => Task.FromResult(subscriber.Received.Where(e => e.Header("ce-subject") == id.ToString()).Select(e => e.RoutingKey).ToList()),
            keys => keys.Contains("sales.payment-received") && keys.Contains("sales.payment-reversed"), what: "payment events published");
    }

    [Fact]
    public async Task A_cancelled_order_keeps_its_history_and_takes_no_payments()
    {
        var (id, _, etag) = await ARepsOrder();

        var cancelled = await Post($"/api/orders/{id}/cancel", new { reason = "Customer withdrew" }, etag);
        var payment = await Post($"/api/orders/{id}/payments", new { amount = 10m }, "*");
        var noReason = await Post($"/api/orders/{id}/cancel", new { reason = "" }, "*");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await Json(cancelled);
        Assert.Equal(("cancelled", 0m), (body.GetProperty("status").GetString(), Amount(body, "outstandingAmount")));
        Assert.Equal(HttpStatusCode.Conflict, payment.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var history = await RepClient.GetFromJsonAsync<JsonElement>($"/api/orders/{id}/history");
        Assert.Equal(2, history.GetProperty("items").GetArrayLength());
        var then = history.GetProperty("items")[0].GetProperty("time").GetDateTimeOffset();
        var asOf = await RepClient.GetFromJsonAsync<JsonElement>($"/api/orders/{id}?asOf={Uri.EscapeDataString(then.ToString("O"))}");
        Assert.Equal("open", asOf.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Orders_outside_the_callers_scope_are_not_found_and_readers_may_not_change_them()
    {
        var (id, _, _) = await ARepsOrder();

        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "north", Guid.CreateVersion7()).GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east", Guid.CreateVersion7()).GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("branch-head", "north", Guid.CreateVersion7()).GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-admin", "north", Guid.CreateVersion7())
            .PostAsJsonAsync($"/api/orders/{id}/payments", new { amount = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("system-admin").GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("service-agent", "north", Guid.CreateVersion7()).GetAsync("/api/orders")).StatusCode);
        var mine = await RepClient.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == id);
    }
}
