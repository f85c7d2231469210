using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Tickets.Tests.Api;

public class ListAndPolicyTests(TicketsService service) : IClassFixture<TicketsService>
{
    private static async Task<List<Guid>> Ids(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task The_list_filters_by_status_priority_agent_and_customer_within_the_callers_branch()
    {
        var customer = await service.AKnownCustomerAsync("south");
        var agent = Guid.CreateVersion7();
        var (urgent, _, _) = await service.OpenAsync(customer, "urgent");
        var (low, _, _) = await service.OpenAsync(customer, "low");
        var head = service.ClientAs("branch-head", "south");
        await head.PostAsJsonAsync($"/api/tickets/{low}/assign", new { assigneeId = agent });
        await head.PostAsync($"/api/tickets/{urgent}/wait", null);

        Assert.Equal([urgent, low], await Ids(await head.GetAsync($"/api/tickets?customerId={customer}")));
        Assert.Equal([urgent], await Ids(await head.GetAsync($"/api/tickets?customerId={customer}&priority=urgent")));
        Assert.Equal([urgent], await Ids(await head.GetAsync($"/api/tickets?customerId={customer}&status=waiting")));
        Assert.Equal([low], await Ids(await head.GetAsync($"/api/tickets?agent={agent}")));
        Assert.Empty(await Ids(await service.ClientAs("branch-head", "north").GetAsync($"/api/tickets?customerId={customer}")));
        Assert.Equal(HttpStatusCode.BadRequest, (await head.GetAsync("/api/tickets?priority=asap")).StatusCode);
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor()
    {
        var customer = await service.AKnownCustomerAsync("south");
        var opened = new List<Guid>();
        for (var i = 0; i < 3; i++) opened.Add((await service.OpenAsync(customer, "normal")).Id);
        var head = service.ClientAs("branch-head", "south");

        var first = await (await head.GetAsync($"/api/tickets?customerId={customer}&limit=2")).Content.ReadFromJsonAsync<JsonElement>();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Ids(await head.GetAsync($"/api/tickets?customerId={customer}&limit=2&cursor={cursor}"));

        Assert.Equal(opened[..2], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal([opened[2]], second);
    }

    [Fact]
    public async Task A_branch_head_sets_the_branch_targets_and_new_tickets_get_them()
    {
        var head = service.ClientAs("branch-head", "east");
        var policies = (from priority in new[] { "low", "normal", "high", "urgent" }
                        from grade in new[] { "vip", "key", "normal" }
                        select new { priority, grade, responseMinutes = grade == "vip" ? 5 : 10, resolutionMinutes = 100 }).ToList();

        var put = await head.PutAsJsonAsync("/api/tickets/sla-policies", new { policies });
        var read = await (await service.ClientAs("service-agent", "east").GetAsync("/api/tickets/sla-policies")).Content.ReadFromJsonAsync<JsonElement>();
        var (_, ticket, _) = await service.OpenAsync(await service.AKnownCustomerAsync("east", grade: "vip"), "low");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(("east", 12), (read.GetProperty("branch").GetString(), read.GetProperty("policies").GetArrayLength()));
        Assert.Equal((5, 100), (ticket.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32(), ticket.GetProperty("resolutionSla").GetProperty("targetMinutes").GetInt32()));
        var north = await (await service.ClientAs("group-executive").GetAsync("/api/tickets/sla-policies?branch=north")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(north.GetProperty("policies").EnumerateArray(), p => p.GetProperty("priority").GetString() == "urgent"
            && p.GetProperty("grade").GetString() == "vip" && p.GetProperty("responseMinutes").GetInt32() == 15);
    }

    [Fact]
    public async Task An_incomplete_or_inconsistent_policy_is_explained()
    {
        var head = service.ClientAs("branch-head", "east");

        var response = await head.PutAsJsonAsync("/api/tickets/sla-policies",
            new { policies = new[] { new { priority = "urgent", grade = "vip", responseMinutes = 60, resolutionMinutes = 30 } } });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty("policies", out _));
        Assert.True(errors.TryGetProperty("policies[0].resolutionMinutes", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await service.ClientAs("group-executive").GetAsync("/api/tickets/sla-policies")).StatusCode);
    }
}
