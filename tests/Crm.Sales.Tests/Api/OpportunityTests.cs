using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class OpportunityTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Rep = Guid.CreateVersion7();
    private HttpClient RepClient => service.ClientAs("sales-rep", "north", Rep);

    private async Task<Guid> AProduct() =>
        (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;

    private async Task<object> ADeal(Guid customerId, params Guid[] products) => new
    {
        customerId, name = "Spring restock", amount = new { amount = 80000m, currency = "CNY" }, expectedCloseDate = "2027-03-31",
        products = products.Length > 0 ? products : [await AProduct()],
    };

    private async Task<(Guid Id, JsonElement Body, string ETag)> ARepsDeal() =>
        await service.CreateAsync(RepClient, "/api/opportunities", await ADeal(await service.AKnownCustomerAsync("north", Rep)));

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_rep_opens_a_deal_in_the_first_stage_with_its_probability()
    {
        var (id, body, etag) = await ARepsDeal();

        Assert.Equal("\"1\"", etag);
        Assert.Equal("prospecting", body.GetProperty("stage").GetString());
        Assert.Equal(10, body.GetProperty("probability").GetInt32());
        Assert.Equal(Rep, body.GetProperty("ownerId").GetGuid());
        Assert.Equal(80000m, body.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await RepClient.GetAsync($"/api/opportunities/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_default_pipeline_ends_with_won_and_lost()
    {
        var stages = await RepClient.GetFromJsonAsync<JsonElement>("/api/pipeline/stages");

        Assert.Equal(["prospecting", "qualification", "proposal", "negotiation", "won", "lost"], PipelineStagesTests.Names(stages));
    }

    [Fact]
    public async Task Bad_fields_get_a_problem_naming_each_and_store_nothing()
    {
        var before = await service.StoredEventCountAsync();

        var response = await RepClient.PostAsJsonAsync("/api/opportunities", new { name = "", amount = new { amount = -1m, currency = "USD" }, stage = "dreaming" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        foreach (var field in new[] { "customerId", "name", "amount.amount", "amount.currency", "expectedCloseDate", "stage" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_customer_the_rep_does_not_own_is_a_bad_field()
    {
        var someoneElses = await service.AKnownCustomerAsync("north", Guid.CreateVersion7());

        var response = await RepClient.PostAsJsonAsync("/api/opportunities", await ADeal(someoneElses));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("customerId", out _));
    }

    [Fact]
    public async Task Each_stage_change_is_an_event_with_its_time_and_is_published()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.#");
        var (id, _, _) = await ARepsDeal();

        var moved = await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "proposal" });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(50, (await Json(moved)).GetProperty("probability").GetInt32());
        var history = await RepClient.GetFromJsonAsync<JsonElement>($"/api/opportunities/{id}/history");
        var change = history.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("opportunity-stage-changed", change.GetProperty("type").GetString());
        Assert.Equal("proposal", change.GetProperty("data").GetProperty("toStage").GetString());
        Assert.True(change.GetProperty("data").TryGetProperty("changedAt", out _));
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.RoutingKey == "sales.opportunity-stage-changed" && e.Header("ce-subject") == id.ToString())),
            e => e is not null, what: "opportunity-stage-changed on crm.events");
        Assert.Equal("prospecting", published!.Body.GetProperty("fromStage").GetString());
        Assert.Equal("north", published.Body.GetProperty("branch").GetString());
    }

    [Fact]
    public async Task An_unknown_stage_is_a_bad_field_and_won_goes_through_win()
    {
        var (id, _, _) = await ARepsDeal();

        Assert.Equal(HttpStatusCode.BadRequest, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "dreaming" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "won" })).StatusCode);
    }

    [Fact]
    public async Task A_won_deal_is_final()
    {
        var (id, _, _) = await ARepsDeal();

        var won = await RepClient.PostAsync($"/api/opportunities/{id}/win", null);

        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal("won", (await Json(won)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "proposal" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/lose", new { reason = "Changed mind" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PatchAsJsonAsync($"/api/opportunities/{id}", new { name = "Renamed" })).StatusCode);
    }

    [Fact]
    public async Task A_lost_deal_keeps_its_reason_and_a_reason_is_required()
    {
        var (id, _, _) = await ARepsDeal();

        Assert.Equal(HttpStatusCode.BadRequest, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/lose", new { })).StatusCode);
        var lost = await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/lose", new { reason = "Price too high" });

        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var body = await Json(lost);
        Assert.Equal("lost", body.GetProperty("stage").GetString());
        Assert.Equal("Price too high", body.GetProperty("lostReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "proposal" })).StatusCode);
    }

    [Fact]
    public async Task Patching_changes_only_the_given_fields_and_honours_if_match()
    {
        var (id, _, etag) = await ARepsDeal();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/opportunities/{id}") { Content = JsonContent.Create(new { amount = new { amount = 95000m } }) };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);

        var response = await RepClient.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var body = await Json(response);
        Assert.Equal(95000m, body.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal("Spring restock", body.GetProperty("name").GetString());

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/opportunities/{id}") { Content = JsonContent.Create(new { name = "Late" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await RepClient.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RepClient.PatchAsJsonAsync($"/api/opportunities/{id}", new { })).StatusCode);
    }

    [Fact]
    public async Task Only_a_head_or_above_gives_a_deal_to_another_rep()
    {
        var (id, _, _) = await ARepsDeal();
        var other = await service.AStaffMemberAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/owner", new { ownerId = other })).StatusCode);
        var given = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/opportunities/{id}/owner", new { ownerId = other });

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RepClient.GetAsync($"/api/opportunities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("sales-rep", "north", other).GetAsync($"/api/opportunities/{id}")).StatusCode);
    }

    [Fact]
    public async Task Other_branches_and_unknown_ids_get_404_and_support_roles_403()
    {
        var (id, _, _) = await ARepsDeal();

        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/opportunities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").PostAsync($"/api/opportunities/{id}/win", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("group-executive").GetAsync($"/api/opportunities/{Guid.CreateVersion7()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("service-agent", "north").GetAsync($"/api/opportunities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("system-admin").GetAsync($"/api/opportunities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-admin", "north").PostAsync($"/api/opportunities/{id}/win", null)).StatusCode);
    }

    [Fact]
    public async Task A_lead_converted_with_an_opportunity_shows_the_opportunity_with_its_lead()
    {
        var (lead, _, _) = await service.CreateAsync(RepClient, "/api/leads", new { company = "Yuan Trading" });
        var converted = await RepClient.PostAsJsonAsync($"/api/leads/{lead}/convert", new
        {
            newCustomer = new { name = "Yuan Trading", category = "international-trader" },
            opportunity = new { name = "First order", amount = new { amount = 5000m }, expectedCloseDate = "2027-01-15", stage = "qualification" },
        });
        var opportunityId = (await Json(converted)).GetProperty("opportunityId").GetGuid();

        var opportunity = await RepClient.GetFromJsonAsync<JsonElement>($"/api/opportunities/{opportunityId}");

        Assert.Equal(lead, opportunity.GetProperty("leadId").GetGuid());
        Assert.Equal("qualification", opportunity.GetProperty("stage").GetString());
        Assert.Equal(Rep, opportunity.GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Lists_filter_by_stage()
    {
        var (id, _, _) = await ARepsDeal();
        await RepClient.PostAsJsonAsync($"/api/opportunities/{id}/stage", new { stage = "negotiation" });

        var list = await RepClient.GetFromJsonAsync<JsonElement>("/api/opportunities?stage=negotiation");

        Assert.Contains(list.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == id);
        Assert.All(list.GetProperty("items").EnumerateArray(), o => Assert.Equal("negotiation", o.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task A_deal_lists_only_products_of_the_catalogue_when_opened_edited_or_converted_from_a_lead()
    {
        var (product, unknown) = (await AProduct(), Guid.CreateVersion7());
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var (id, _, _) = await ARepsDeal();
        var (lead, _, _) = await service.CreateAsync(RepClient, "/api/leads", new { company = "Catalogue Trading" });
        var before = await service.StoredEventCountAsync();

        var opened = await RepClient.PostAsJsonAsync("/api/opportunities", await ADeal(customer, product, unknown));
        var edited = await RepClient.PatchAsJsonAsync($"/api/opportunities/{id}", new { products = new[] { unknown } });
        var converted = await RepClient.PostAsJsonAsync($"/api/leads/{lead}/convert", new
        {
            customerId = customer,
            opportunity = new { name = "From the lead", amount = new { amount = 10m, currency = "CNY" }, expectedCloseDate = "2027-03-31", products = new[] { unknown } },
        });

        foreach (var (response, field) in new[] { (opened, "products"), (edited, "products"), (converted, "opportunity.products") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var message = (await Json(response)).GetProperty("errors").GetProperty(field)[0].GetString();
            Assert.Contains(unknown.ToString(), message);
            Assert.DoesNotContain(product.ToString(), message);
        }
        Assert.Equal(before, await service.StoredEventCountAsync());
        var listed = await RepClient.PatchAsJsonAsync($"/api/opportunities/{id}", new { products = new[] { product } });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(product, Assert.Single((await Json(listed)).GetProperty("products").EnumerateArray()).GetGuid());
    }
}
