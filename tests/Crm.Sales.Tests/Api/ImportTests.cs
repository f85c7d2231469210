using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// API.md business times: an integration client granted crm.import migrates history from an older CRM
/// with past times, owners and branches; without the grant it reads only; staff never give those times.
/// </summary>
public class ImportTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Rep = Guid.CreateVersion7();
    private static readonly DateTimeOffset LastYear = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private HttpClient Importer => service.ClientAsIntegration("crm.import");
    private HttpClient Head => service.ClientAs("branch-head", "north", Guid.CreateVersion7());

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<Guid> AProduct() => (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;

    private async Task<object> AnOrder(Guid customer, DateTimeOffset? signedAt, string branch = "north", Guid? owner = null) => new
    {
        customerId = customer, branch, ownerId = owner ?? Rep, signedAt, lines = new[] { new { productId = await AProduct(), quantity = 3m, unitPrice = 200m } },
    };

    [Fact]
    public async Task An_import_client_signs_an_order_in_the_past_for_a_named_owner_and_branch_and_records_its_payment_then()
    {
        var customer = await service.AKnownCustomerAsync("east", Guid.CreateVersion7());
        var eastRep = await service.AStaffMemberAsync(branch: "east");

        var (id, order, etag) = await service.CreateAsync(Importer, "/api/orders", await AnOrder(customer, LastYear, "east", eastRep));
        var paid = await Importer.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{id}/payments")
        {
            Content = JsonContent.Create(new { amount = 600m, receivedAt = LastYear.AddDays(20), reference = "Legacy 4411" }),
            Headers = { { "If-Match", etag } },
        });

        Assert.Equal(("east", eastRep), (order.GetProperty("branch").GetString(), order.GetProperty("ownerId").GetGuid()));
        Assert.Equal(LastYear, order.GetProperty("signedAt").GetDateTimeOffset());
        Assert.Equal(LastYear.AddDays(30), order.GetProperty("paymentDueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var payment = Assert.Single((await Json(paid)).GetProperty("payments").EnumerateArray());
        Assert.Equal(LastYear.AddDays(20), payment.GetProperty("receivedAt").GetDateTimeOffset());
        var stored = await service.ClientAs("branch-head", "east").GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        Assert.Equal(LastYear, stored.GetProperty("signedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_import_client_records_a_reps_activity_completed_in_the_past_and_a_lead_for_an_owner()
    {
        // Migrating history, the owner may well have left since.
        var rep = await service.AStaffMemberAsync(status: Crm.ServiceDefaults.Replicas.StaffReplicaStatus.Left);
        var customer = await service.AKnownCustomerAsync("north", rep);

        var (lead, captured, _) = await service.CreateAsync(Importer, "/api/leads", new { company = "Old Books Trading", branch = "north", ownerId = rep });
        var (activity, scheduled, _) = await service.CreateAsync(Importer, "/api/activities",
            new { kind = "visit", regarding = new { type = "customer", id = customer }, assigneeId = rep, branch = "north" });
        var completed = await Importer.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Visited the plant", completedAt = LastYear });

        Assert.Equal(rep, captured.GetProperty("ownerId").GetGuid());
        Assert.Equal(rep, scheduled.GetProperty("assigneeId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(LastYear, (await Json(completed)).GetProperty("completedAt").GetDateTimeOffset());
        var seenByRep = service.ClientAs("sales-rep", "north", rep);
        Assert.Equal(HttpStatusCode.OK, (await seenByRep.GetAsync($"/api/leads/{lead}")).StatusCode);
        Assert.Equal(LastYear, (await seenByRep.GetFromJsonAsync<JsonElement>($"/api/activities/{activity}")).GetProperty("completedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_integration_client_without_the_import_grant_may_read_but_not_write()
    {
        var reader = service.ClientAsIntegration();
        await service.KnowStaffAsync(Rep);
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var (order, _, _) = await service.CreateAsync(Head, "/api/orders", await AnOrder(customer, null));
        var (activity, _, _) = await service.CreateAsync(Head, "/api/activities",
            new { kind = "call", regarding = new { type = "customer", id = customer }, assigneeId = Rep });
        var backdated = await AnOrder(customer, LastYear);
        var before = await service.StoredEventCountAsync();

        var responses = new[]
        {
            await reader.PostAsJsonAsync("/api/orders", backdated),
            await reader.PostAsJsonAsync($"/api/orders/{order}/payments", new { amount = 10m, receivedAt = LastYear }),
            await reader.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Called", completedAt = LastYear }),
            await reader.PostAsJsonAsync("/api/leads", new { company = "Reader Trading", branch = "north", ownerId = Rep }),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/orders/{order}")).StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Staff_giving_business_times_are_refused_and_nothing_is_stored()
    {
        await service.KnowStaffAsync(Rep);
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var (order, _, _) = await service.CreateAsync(Head, "/api/orders", await AnOrder(customer, null));
        var (activity, _, _) = await service.CreateAsync(Head, "/api/activities",
            new { kind = "call", regarding = new { type = "customer", id = customer }, assigneeId = Rep });
        var backdated = await AnOrder(customer, LastYear);
        var before = await service.StoredEventCountAsync();

        var signed = await Head.PostAsJsonAsync("/api/orders", backdated);
        var payment = await Head.PostAsJsonAsync($"/api/orders/{order}/payments", new { amount = 10m, receivedAt = LastYear });
        var completed = await Head.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Called", completedAt = LastYear });

        foreach (var (response, field) in new[] { (signed, "signedAt"), (payment, "receivedAt"), (completed, "completedAt") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task An_import_client_may_not_give_future_times_or_a_branch_code_that_is_malformed()
    {
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var tomorrow = await AnOrder(customer, DateTimeOffset.UtcNow.AddDays(2));
        var before = await service.StoredEventCountAsync();

        var future = await Importer.PostAsJsonAsync("/api/orders", tomorrow);
        var noBranch = await Importer.PostAsJsonAsync("/api/leads", new { company = "Branchless Trading", ownerId = Rep });
        var badBranch = await Importer.PostAsJsonAsync("/api/leads", new { company = "Branchless Trading", ownerId = Rep, branch = "North Branch" });

        Assert.True((await Json(future)).GetProperty("errors").TryGetProperty("signedAt", out _));
        Assert.True((await Json(noBranch)).GetProperty("errors").TryGetProperty("branch", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badBranch.StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }
}
