using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Customers;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// The role matrix of DOMAIN.md for every sales route, for a caller in the record's branch and in
/// another one. A route added without a row here fails <see cref="Every_route_has_rows_in_the_access_table"/>.
/// </summary>
public class AccessMatrixTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Owner = Guid.CreateVersion7();

    // The callers of each row, in the order of the expectations below: group roles have no branch;
    // "own-branch" is north (where the record is), "other-branch" east, "owned" the rep who owns the record.
    private static readonly (string Role, string Whose)[] Callers =
    [
        ("group-executive", "any"), ("branch-head", "own-branch"), ("branch-head", "other-branch"), ("branch-admin", "own-branch"),
        ("branch-admin", "other-branch"), ("sales-rep", "owned"), ("sales-rep", "own-branch"), ("sales-rep", "other-branch"),
        ("service-agent", "own-branch"), ("service-agent", "other-branch"), ("system-admin", "any"), ("integration", "any"),
    ];

    private const string Create = "201 201 403 403 403 201 201 403 403 403 403 403";
    private const string List = "200 200 200 200 200 200 200 200 403 403 403 200";
    private const string Read = "200 200 404 200 404 200 404 404 403 403 403 200";
    private const string Work = "200 200 404 403 404 200 404 404 403 403 403 403";
    private const string Distribute = "200 200 404 403 404 403 404 404 403 403 403 403";
    private const string ReadSettings = "200 200 200 200 200 200 200 200 403 403 200 200";
    private const string ChangeSettings = "200 403 403 403 403 403 403 403 403 403 200 403";

    // exec | head own, other | admin own, other | rep owned, own, other | agent own, other | sysadmin | integration
    private static readonly (string Route, string Expected)[] Routes =
    [
        ("POST /api/leads", Create),
        ("GET /api/leads", List),
        ("GET /api/leads/{id:guid}", Read),
        ("GET /api/leads/{id:guid}/history", Read),
        ("POST /api/leads/{id:guid}/assign", Distribute),
        ("POST /api/leads/{id:guid}/convert", Work),
        ("POST /api/leads/{id:guid}/disqualify", Work),
        ("POST /api/opportunities", Create),
        ("GET /api/opportunities", List),
        ("GET /api/opportunities/{id:guid}", Read),
        ("GET /api/opportunities/{id:guid}/history", Read),
        ("PATCH /api/opportunities/{id:guid}", Work),
        ("POST /api/opportunities/{id:guid}/stage", Work),
        ("POST /api/opportunities/{id:guid}/win", Work),
        ("POST /api/opportunities/{id:guid}/lose", Work),
        ("POST /api/opportunities/{id:guid}/owner", Distribute),
        ("GET /api/pipeline/stages", ReadSettings),
        ("PUT /api/pipeline/stages", ChangeSettings),
        ("GET /api/settings/follow-up", ReadSettings),
        ("PUT /api/settings/follow-up", ChangeSettings),
        ("POST /api/activities", Create),
        ("GET /api/activities", List),
        ("GET /api/activities/{id:guid}", Read),
        ("GET /api/activities/{id:guid}/history", Read),
        ("POST /api/activities/{id:guid}/complete", Work),
        ("POST /api/activities/{id:guid}/cancel", Work),
        ("POST /api/activities/{id:guid}/assign", Distribute),
        ("POST /api/products", "201 403 403 403 403 403 403 403 403 403 201 403"),
        ("GET /api/products", ReadSettings),
        ("GET /api/products/{id:guid}", ReadSettings),
        ("POST /api/orders", Create),
        // Only an import client (crm.import; none of these callers) imports orders: OrderImportTests.
        ("POST /api/orders/import", "403 403 403 403 403 403 403 403 403 403 403 403"),
        ("GET /api/orders", List),
        ("GET /api/orders/{id:guid}", Read),
        ("GET /api/orders/{id:guid}/history", Read),
        ("POST /api/orders/{id:guid}/cancel", Work),
        ("POST /api/orders/{id:guid}/payments", Work),
        ("POST /api/orders/{id:guid}/payments/{paymentId:guid}/reverse", Work),
    ];

    public static TheoryData<string, string, string, HttpStatusCode> Table
    {
        get
        {
            var table = new TheoryData<string, string, string, HttpStatusCode>();
            foreach (var (route, expected) in Routes)
                foreach (var ((role, whose), status) in Callers.Zip(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                    table.Add(route, role, whose, (HttpStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
            return table;
        }
    }

    [Fact]
    public void Every_route_has_rows_in_the_access_table()
        => ApiRoutes.AssertCovered(service.Factory.Services, Table);

    [Theory, MemberData(nameof(Table))]
    public async Task Each_role_gets_what_the_matrix_says(string route, string role, string whose, HttpStatusCode expected)
    {
        var (branch, staffId) = whose switch
        {
            "any" => ((string?)null, Guid.CreateVersion7()),
            "own-branch" => ("north", Guid.CreateVersion7()),
            "owned" => ("north", Owner),
            _ => ("east", Guid.CreateVersion7()),
        };
        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var (record, payment) = await ARecordFor(template);
        var path = template.Replace("{id:guid}", record.ToString(), StringComparison.Ordinal)
            .Replace("{paymentId:guid}", payment.ToString(), StringComparison.Ordinal);
        var client = service.ClientAs(role, branch, staffId);

        var response = await Send(client, method, path, staffId);

        Assert.Equal(expected, response.StatusCode);
    }

    private HttpClient Exec => service.ClientAs("group-executive");

    /// <summary>The north record a route acts on, owned by <see cref="Owner"/> (and a payment on it, for reversals).</summary>
    private async Task<(Guid Record, Guid Payment)> ARecordFor(string template)
    {
        await service.KnowStaffAsync(Owner);
        if (!template.Contains("{id:guid}", StringComparison.Ordinal)) return (Guid.Empty, Guid.Empty);
        var segment = template.Split('/')[2];
        if (segment == "products") return (await AProduct(), Guid.Empty);
        if (segment == "leads") return ((await service.CreateAsync(Exec, "/api/leads", new { company = "Matrix Trading", branch = "north", ownerId = Owner })).Id, Guid.Empty);
        var customer = await ACustomerOwnedBy(Owner);
        if (segment == "activities")
            return ((await service.CreateAsync(Exec, "/api/activities",
                new { kind = "call", regarding = new { type = "customer", id = customer }, assigneeId = Owner, branch = "north" })).Id, Guid.Empty);
        if (segment == "opportunities") return ((await service.CreateAsync(Exec, "/api/opportunities", ADeal(customer, Owner))).Id, Guid.Empty);

        var order = (await service.CreateAsync(Exec, "/api/orders", await AnOrder(customer, Owner))).Id;
        if (!template.EndsWith("/reverse", StringComparison.Ordinal)) return (order, Guid.Empty);
        var paid = await (await Exec.PostAsJsonAsync($"/api/orders/{order}/payments", new { amount = 10m })).Content.ReadFromJsonAsync<JsonElement>();
        return (order, paid.GetProperty("payments")[0].GetProperty("id").GetGuid());
    }

    private async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, Guid caller) => (method, path) switch
    {
        ("POST", "/api/leads") => await client.PostAsJsonAsync(path, new { company = "Matrix Trading", branch = "north" }),
        ("POST", "/api/opportunities") => await client.PostAsJsonAsync(path, ADeal(await ACustomerOwnedBy(caller), null)),
        ("POST", "/api/activities") => await client.PostAsJsonAsync(path,
            new { kind = "call", regarding = new { type = "customer", id = await ACustomerOwnedBy(caller) }, branch = "north" }),
        ("POST", "/api/orders") => await client.PostAsJsonAsync(path, await AnOrder(await ACustomerOwnedBy(caller), null)),
        ("POST", "/api/orders/import") => await client.PostAsJsonAsync(path, new
        {
            orders = new[] { new { id = Guid.CreateVersion7(), customerId = await ACustomerOwnedBy(Owner), ownerId = Owner, branch = "north", signedAt = DateTimeOffset.UtcNow.AddDays(-1),
                lines = new[] { new { productId = await AProduct(), quantity = 2m, unitPrice = 100m } } } },
        }),
        ("POST", "/api/products") => await client.PostAsJsonAsync(path, ProductTests.AProduct()),
        ("PUT", "/api/pipeline/stages") => await client.PutAsJsonAsync(path, new
        {
            stages = new[] { new { name = "prospecting", probability = 10 }, new { name = "qualification", probability = 20 }, new { name = "proposal", probability = 50 }, new { name = "negotiation", probability = 75 } },
        }),
        ("PUT", "/api/settings/follow-up") => await client.PutAsJsonAsync(path, new { days = 30 }),
        ("PATCH", _) => await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { name = "Renamed deal" }) }),
        ("POST", _) when path.EndsWith("/assign", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { assigneeId = await service.AStaffMemberAsync() }),
        ("POST", _) when path.EndsWith("/owner", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { ownerId = await service.AStaffMemberAsync() }),
        ("POST", _) when path.EndsWith("/convert", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { customerId = await ACustomerOwnedBy(Owner) }),
        ("POST", _) when path.EndsWith("/stage", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { stage = "proposal" }),
        ("POST", _) when path.EndsWith("/complete", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { outcome = "Spoke to the buyer" }),
        ("POST", _) when path.EndsWith("/payments", StringComparison.Ordinal) => await client.PostAsJsonAsync(path, new { amount = 1m }),
        ("POST", _) => await client.PostAsJsonAsync(path, new { reason = "Matrix" }),
        _ => await client.GetAsync(path),
    };

    private static object ADeal(Guid customerId, Guid? ownerId) => new
    {
        customerId, name = "Matrix deal", amount = new { amount = 1000m, currency = "CNY" }, expectedCloseDate = "2027-03-31", ownerId, branch = "north",
    };

    private async Task<object> AnOrder(Guid customerId, Guid? ownerId) =>
        new { customerId, ownerId, branch = "north", lines = new[] { new { productId = await AProduct(), quantity = 2m, unitPrice = 100m } } };

    private async Task<Guid> AProduct() => (await service.CreateAsync(Exec, "/api/products", ProductTests.AProduct())).Id;

    // Straight into the replica: this table is about access, not about how customers arrive.
    private async Task<Guid> ACustomerOwnedBy(Guid owner)
    {
        var id = Guid.CreateVersion7();
        await using var session = service.Store.LightweightSession();
        session.Store(new CustomerReplica(id, "north", "Matrix Trading", owner));
        await session.SaveChangesAsync();
        return id;
    }
}
