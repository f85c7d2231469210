using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Tickets.Tests.Api;

public class TicketLifecycleTests(TicketsService service) : IClassFixture<TicketsService>
{
    private HttpClient Agent => service.ClientAs("service-agent", "north");

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return body;
    }

    [Fact]
    public async Task A_ticket_is_answered_waits_resumes_is_resolved_reopened_resolved_closed_and_rated()
    {
        var (id, _, _) = await service.OpenAsync(await service.AKnownCustomerAsync());
        var agent = Agent;

        var responded = await Ok(await agent.PostAsJsonAsync($"/api/tickets/{id}/respond", new { message = "A technician is on the way" }));
        Assert.True(responded.GetProperty("responseSla").GetProperty("met").GetBoolean());
        Assert.Equal(JsonValueKind.Null, responded.GetProperty("responseSla").GetProperty("dueAt").ValueKind);

        var waiting = await Ok(await agent.PostAsync($"/api/tickets/{id}/wait", null));
        Assert.Equal(("waiting", false), (waiting.GetProperty("status").GetString(), waiting.GetProperty("resolutionSla").GetProperty("running").GetBoolean()));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/tickets/{id}/wait", null)).StatusCode);

        await Ok(await agent.PostAsync($"/api/tickets/{id}/resume", null));
        await Ok(await agent.PostAsJsonAsync($"/api/tickets/{id}/comment", new { message = "Customer prefers mornings" }));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/tickets/{id}/satisfaction", new { score = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/tickets/{id}/close", null)).StatusCode);

        await Ok(await agent.PostAsJsonAsync($"/api/tickets/{id}/resolve", new { resolution = "Replaced the reel" }));
        var reopened = await Ok(await agent.PostAsync($"/api/tickets/{id}/reopen", null));
        Assert.True(reopened.GetProperty("resolutionSla").GetProperty("running").GetBoolean());
        await Ok(await agent.PostAsJsonAsync($"/api/tickets/{id}/resolve", new { resolution = "Replaced the reel and the plug" }));
        await Ok(await agent.PostAsync($"/api/tickets/{id}/close", null));
        var rated = await Ok(await agent.PostAsJsonAsync($"/api/tickets/{id}/satisfaction", new { score = 4, comment = "Quick" }));

        Assert.Equal(("closed", 4, "Replaced the reel and the plug", 10L), (rated.GetProperty("status").GetString(), rated.GetProperty("satisfaction").GetProperty("score").GetInt32(),
            rated.GetProperty("resolution").GetString(), rated.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/tickets/{id}/satisfaction", new { score = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/tickets/{id}/reopen", null)).StatusCode);

        var history = await Ok(await agent.GetAsync($"/api/tickets/{id}/history"));
        Assert.Equal(["ticket-opened", "ticket-responded", "ticket-waiting", "ticket-resumed", "ticket-commented", "ticket-resolved", "ticket-reopened",
            "ticket-resolved", "ticket-closed", "satisfaction-rated"], history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_a_current_one_accepted()
    {
        var (id, _, etag) = await service.OpenAsync(await service.AKnownCustomerAsync());
        var agent = Agent;
        await agent.PostAsJsonAsync($"/api/tickets/{id}/comment", new { message = "First look" });

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{id}/assign") { Content = JsonContent.Create(new { assigneeId = Guid.CreateVersion7() }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var current = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{id}/assign") { Content = JsonContent.Create(new { assigneeId = Guid.CreateVersion7() }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await agent.SendAsync(stale)).StatusCode);
        var accepted = await agent.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("\"3\"", accepted.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_ticket_reads_as_it_stood_at_a_past_time()
    {
        var (id, _, _) = await service.OpenAsync(await service.AKnownCustomerAsync());
        var agent = Agent;
        var get = await agent.GetAsync($"/api/tickets/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var beforeResolving = DateTimeOffset.UtcNow;
        await agent.PostAsJsonAsync($"/api/tickets/{id}/resolve", new { resolution = "Explained the warranty" });

        var then = await Ok(await agent.GetAsync($"/api/tickets/{id}?asOf={Uri.EscapeDataString(beforeResolving.ToString("O"))}"));
        var now = await Ok(await agent.GetAsync($"/api/tickets/{id}"));

        Assert.Equal(("open", "resolved"), (then.GetProperty("status").GetString(), now.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Commands_without_their_text_or_with_a_bad_score_are_explained()
    {
        var (id, _, _) = await service.OpenAsync(await service.AKnownCustomerAsync());
        var agent = Agent;

        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/tickets/{id}/respond", new { message = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/tickets/{id}/resolve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/tickets/{id}/satisfaction", new { score = 6 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/tickets/{Guid.CreateVersion7()}/close", null)).StatusCode);
    }
}
