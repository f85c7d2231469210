using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class LeadTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Rep = Guid.CreateVersion7();

    private static object ALead(string? branch = null) =>
        new { company = $"Hengda Electrical {Guid.NewGuid():N}", contactPerson = "Li Wei", phone = "+86 21 5555 0100", email = "li.wei@hengda.example", source = "referral", branch };

    private Task<(Guid Id, JsonElement Body, string ETag)> ARepsLead() =>
        service.CreateAsync(service.ClientAs("sales-rep", "north", Rep), "/api/leads", ALead());

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static HttpRequestMessage Post(string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Fact]
    public async Task A_rep_captures_a_lead_they_then_own()
    {
        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync("/api/leads", ALead());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = await Json(response);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/leads/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Rep, body.GetProperty("ownerId").GetGuid());
        Assert.Equal("north", body.GetProperty("branch").GetString());
        Assert.Equal("open", body.GetProperty("status").GetString());

        var read = await service.ClientAs("sales-rep", "north", Rep).GetAsync($"/api/leads/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Bad_fields_get_a_problem_naming_each_and_store_nothing()
    {
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs("branch-head", "north").PostAsJsonAsync("/api/leads", new { company = " ", email = "not-an-email", phone = "call me" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("company", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_group_executive_must_name_the_branch()
    {
        var response = await service.ClientAs("group-executive").PostAsJsonAsync("/api/leads", ALead());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("branch", out _));
    }

    [Theory]
    [InlineData("system-admin", null)]
    [InlineData("service-agent", "north")]
    [InlineData("branch-admin", "north")]
    [InlineData("integration", null)]
    public async Task Roles_that_do_not_work_leads_get_403_and_store_nothing(string role, string? branch)
    {
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs(role, branch).PostAsJsonAsync("/api/leads", ALead("north"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Another_branch_and_other_reps_cannot_see_a_lead()
    {
        var (id, _, _) = await ARepsLead();

        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "north").GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("branch-head", "north").GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("group-executive").GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "north").GetAsync($"/api/leads/{Guid.CreateVersion7()}")).StatusCode);
    }

    [Fact]
    public async Task A_branch_head_assigns_a_lead_and_the_new_owner_sees_it()
    {
        var (id, _, _) = await ARepsLead();
        var other = await service.AStaffMemberAsync();

        var response = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/leads/{id}/assign", new { assigneeId = other });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(other, (await Json(response)).GetProperty("ownerId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("sales-rep", "north", other).GetAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "north", Rep).GetAsync($"/api/leads/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_rep_may_not_assign_and_an_assignment_needs_an_assignee()
    {
        var (id, _, _) = await ARepsLead();

        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/assign", new { assigneeId = Guid.CreateVersion7() })).StatusCode);
        var bad = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/leads/{id}/assign", new { });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await Json(bad)).GetProperty("errors").TryGetProperty("assigneeId", out _));
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_and_changes_nothing()
    {
        var (id, _, etag) = await ARepsLead();
        var head = service.ClientAs("branch-head", "north");
        await service.KnowStaffAsync(Rep);
        Assert.Equal(HttpStatusCode.OK, (await head.SendAsync(Post($"/api/leads/{id}/assign", new { assigneeId = Rep }, etag))).StatusCode);

        var stale = await head.SendAsync(Post($"/api/leads/{id}/disqualify", new { reason = "No budget" }, etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("open", (await head.GetFromJsonAsync<JsonElement>($"/api/leads/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Converting_to_a_known_customer_is_published_for_subscribers()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.#");
        var customer = await service.AKnownCustomerAsync("north", Rep);
        var (id, _, _) = await ARepsLead();

        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/convert", new { customerId = customer });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("converted", body.GetProperty("status").GetString());
        Assert.Equal(customer, body.GetProperty("customerId").GetGuid());
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.RoutingKey == "sales.lead-converted" && e.Header("ce-subject") == id.ToString())),
            e => e is not null, what: "lead-converted on crm.events");
        Assert.Equal("crm.sales.lead-converted.v1", published!.Header("ce-type"));
        Assert.Equal("north", published.Header("crm-branch"));
        Assert.Equal("north", published.Body.GetProperty("branch").GetString());
        Assert.Equal(customer, published.Body.GetProperty("customerId").GetGuid());
        Assert.Equal(Rep, published.Body.GetProperty("convertedBy").GetGuid());
        Assert.Equal(JsonValueKind.Null, published.Body.GetProperty("newCustomer").ValueKind);
    }

    [Fact]
    public async Task A_customer_registered_a_moment_ago_is_asked_of_the_customers_service_with_the_callers_token()
    {
        var customer = StandInCustomersService.Knows("north", Rep);
        var (id, _, _) = await ARepsLead();
        var client = service.ClientAs("sales-rep", "north", Rep);

        var response = await client.PostAsJsonAsync($"/api/leads/{id}/convert", new { customerId = customer });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(StandInCustomersService.SawToken(client.DefaultRequestHeaders.Authorization!.Parameter!));
    }

    [Fact]
    public async Task A_customer_the_customers_service_cannot_answer_for_gets_503_with_retry_after_and_nothing_is_stored()
    {
        var customer = StandInCustomersService.KnowsButIsUnavailable();
        var (id, _, _) = await ARepsLead();
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/convert", new { customerId = customer });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_customer_nobody_knows_is_a_bad_field_and_nothing_is_stored()
    {
        var (id, _, _) = await ARepsLead();
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/convert", new { customerId = Guid.CreateVersion7() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_customer_of_another_branch_is_a_bad_field()
    {
        var customer = await service.AKnownCustomerAsync("east");
        var (id, _, _) = await service.CreateAsync(service.ClientAs("branch-head", "north"), "/api/leads", ALead());

        var response = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/leads/{id}/convert", new { customerId = customer });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Converting_to_a_new_customer_with_an_opportunity_does_both_in_one_step()
    {
        var (id, _, _) = await ARepsLead();

        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/convert", new
        {
            newCustomer = new { name = "Hengda Electrical", category = "regional-electrical-store", phone = "021 5555 0100" },
            opportunity = new { name = "Spring restock", amount = new { amount = 120000.50m, currency = "CNY" }, expectedCloseDate = "2027-03-31" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var customerId = body.GetProperty("customerId").GetGuid();
        var replica = await service.ReplicaAsync(customerId);
        Assert.Equal(("north", Rep), (replica!.Branch, replica.OwnerId));
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("opportunityId").ValueKind);
    }

    [Fact]
    public async Task Conversion_needs_exactly_one_customer_and_a_complete_opportunity()
    {
        var (id, _, _) = await ARepsLead();
        var before = await service.StoredEventCountAsync();
        var client = service.ClientAs("sales-rep", "north", Rep);

        var neither = await client.PostAsJsonAsync($"/api/leads/{id}/convert", new { opportunity = new { name = "" } });

        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        var errors = (await Json(neither)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("customerId", out _));
        Assert.True(errors.TryGetProperty("opportunity.name", out _));
        Assert.True(errors.TryGetProperty("opportunity.amount", out _));
        Assert.True(errors.TryGetProperty("opportunity.expectedCloseDate", out _));
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_closed_lead_takes_no_further_commands()
    {
        var (id, _, _) = await ARepsLead();
        var client = service.ClientAs("branch-head", "north");
        await service.KnowStaffAsync(Rep);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/leads/{id}/disqualify", new { reason = "No budget this year" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/leads/{id}/disqualify", new { reason = "Again" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/leads/{id}/assign", new { assigneeId = Rep })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/leads/{id}/convert", new { newCustomer = new { name = "X", category = "other" } })).StatusCode);
    }

    [Fact]
    public async Task Disqualifying_needs_a_reason()
    {
        var (id, _, _) = await ARepsLead();

        var response = await service.ClientAs("sales-rep", "north", Rep).PostAsJsonAsync($"/api/leads/{id}/disqualify", new { reason = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task History_and_as_of_show_the_lead_before_it_was_disqualified()
    {
        var (id, _, _) = await ARepsLead();
        var client = service.ClientAs("branch-head", "north");
        var before = DateTimeOffset.UtcNow;
        await client.PostAsJsonAsync($"/api/leads/{id}/disqualify", new { reason = "Duplicate" });

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/history");
        Assert.Equal(["lead-captured", "lead-disqualified"], history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
        var then = await client.GetAsync($"/api/leads/{id}?asOf={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Equal("open", (await Json(then)).GetProperty("status").GetString());
        Assert.Equal("\"1\"", then.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Lists_filter_and_page_with_a_cursor()
    {
        var owner = Guid.CreateVersion7();
        var rep = service.ClientAs("sales-rep", "north", owner);
        for (var i = 0; i < 3; i++) await service.CreateAsync(rep, "/api/leads", ALead());

        var first = await rep.GetFromJsonAsync<JsonElement>("/api/leads?limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await rep.GetFromJsonAsync<JsonElement>($"/api/leads?limit=2&cursor={cursor}");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var east = await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/leads?branch=east&ownerId={owner}");
        Assert.Equal(0, east.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.GetAsync("/api/leads?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.GetAsync("/api/leads?cursor=garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync("/api/leads?branch=east")).StatusCode);
    }
}
