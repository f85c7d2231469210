using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

public class OpenTicketTests(TicketsService service) : IClassFixture<TicketsService>
{
    [Fact]
    public async Task Opening_a_ticket_fixes_its_targets_and_answers_with_its_location_and_version()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var agent = Guid.CreateVersion7();

        var response = await service.ClientAs("service-agent", "north", agent).PostAsJsonAsync("/api/tickets",
            new { customerId = customer, category = "repair", priority = "high", channel = "email", subject = "Breaker trips", description = "Since Monday" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/tickets/{body.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(("north", "Hengda Electrical", "open", "high", "repair", "email"), (body.GetProperty("branch").GetString(), body.GetProperty("customerName").GetString(),
            body.GetProperty("status").GetString(), body.GetProperty("priority").GetString(), body.GetProperty("category").GetString(), body.GetProperty("channel").GetString()));
        Assert.Equal(agent, body.GetProperty("assigneeId").GetGuid());
        var openedAt = body.GetProperty("openedAt").GetDateTimeOffset();
        Assert.Equal((60, openedAt.AddMinutes(60)), (body.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32(), body.GetProperty("responseSla").GetProperty("dueAt").GetDateTimeOffset()));
        Assert.Equal(480, body.GetProperty("resolutionSla").GetProperty("targetMinutes").GetInt32());
        Assert.False(body.GetProperty("breached").GetBoolean());
    }

    [Fact]
    public async Task A_vip_customer_gets_the_shorter_targets()
    {
        var customer = await service.AKnownCustomerAsync("north", grade: "vip");

        var (_, body, _) = await service.OpenAsync(customer, "urgent");

        Assert.Equal(("vip", 15, 120), (body.GetProperty("customerGrade").GetString(), body.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32(),
            body.GetProperty("resolutionSla").GetProperty("targetMinutes").GetInt32()));
    }

    [Fact]
    public async Task A_grade_change_applies_to_tickets_opened_afterwards()
    {
        var customer = await service.AKnownCustomerAsync("east");
        var (_, before, _) = await service.OpenAsync(customer, "normal");

        await service.PublishAsync("customer-grade-changed", customer, "east",
            new { customerId = customer, branch = "east", grade = "vip", previousGrade = "normal", changedAt = DateTimeOffset.UtcNow });
        await Eventually.Get(() => service.ReplicaAsync(customer), r => r?.Grade == Crm.Tickets.Domain.CustomerGrade.Vip, what: "the replica's grade");
        var (_, after, _) = await service.OpenAsync(customer, "normal");

        Assert.Equal(240, before.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32());
        Assert.Equal(120, after.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32());
    }

    [Fact]
    public async Task A_customer_registered_a_moment_ago_is_asked_of_the_customers_service_with_the_callers_token()
    {
        var customer = StandInCustomersService.Knows("north", null, "Fresh Trading", "vip");
        var token = service.TokenFor("branch-head", "north");
        var client = service.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var (_, body, _) = await service.OpenAsync(customer, "urgent", client);

        Assert.Equal(("Fresh Trading", "vip"), (body.GetProperty("customerName").GetString(), body.GetProperty("customerGrade").GetString()));
        Assert.True(StandInCustomersService.SawToken(token));
    }

    [Fact]
    public async Task A_customer_nobody_knows_or_of_another_branch_is_a_bad_field()
    {
        var east = await service.AKnownCustomerAsync("east");
        var head = service.ClientAs("branch-head", "north");

        foreach (var customerId in new[] { Guid.CreateVersion7(), east })
        {
            var response = await head.PostAsJsonAsync("/api/tickets", new { customerId, category = "enquiry", subject = "Price list" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("customerId", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task A_rep_opens_tickets_for_their_own_customers_only()
    {
        var rep = Guid.CreateVersion7();
        var own = await service.AKnownCustomerAsync("north", rep);
        var colleagues = await service.AKnownCustomerAsync("north", Guid.CreateVersion7());
        var client = service.ClientAs("sales-rep", "north", rep);

        var opened = await client.PostAsJsonAsync("/api/tickets", new { customerId = own, category = "service", subject = "Visit please" });
        var refused = await client.PostAsJsonAsync("/api/tickets", new { customerId = colleagues, category = "service", subject = "Visit please" });

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.True((await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assigneeId").ValueKind == JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Missing_and_unknown_fields_are_explained()
    {
        var client = service.ClientAs("branch-head", "north");

        var missing = await client.PostAsJsonAsync("/api/tickets", new { subject = " " });
        var unknownCategory = await client.PostAsJsonAsync("/api/tickets", new { customerId = Guid.CreateVersion7(), category = "praise", subject = "Thanks" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["category", "customerId", "subject"],
            (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
    }
}
