using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class ActivityTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly Guid Rep = Guid.CreateVersion7();
    private HttpClient RepClient => service.ClientAs("sales-rep", "north", Rep);

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<Guid> ARepsLead() => (await service.CreateAsync(RepClient, "/api/leads", new { company = "Hengda" })).Id;

    [Fact]
    public async Task A_completed_call_shows_on_the_lead_as_its_latest_follow_up()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.#");
        var lead = await ARepsLead();
        var fresh = await RepClient.GetFromJsonAsync<JsonElement>($"/api/leads/{lead}");
        Assert.False(fresh.GetProperty("followUpOverdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("lastActivityAt").ValueKind);

        var (activity, body, _) = await service.CreateAsync(RepClient, "/api/activities", new { kind = "call", regarding = new { type = "lead", id = lead }, subject = "First call" });
        Assert.Equal(Rep, body.GetProperty("assigneeId").GetGuid());
        var completed = await RepClient.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Interested, wants a quote" });

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var completedAt = (await Json(completed)).GetProperty("completedAt").GetDateTimeOffset();
        var after = await RepClient.GetFromJsonAsync<JsonElement>($"/api/leads/{lead}");
        Assert.Equal(completedAt, after.GetProperty("lastActivityAt").GetDateTimeOffset());
        var listed = await RepClient.GetFromJsonAsync<JsonElement>("/api/leads?status=open");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetGuid() == lead && l.TryGetProperty("lastActivityAt", out var at) && at.ValueKind != JsonValueKind.Null);
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.RoutingKey == "sales.activity-completed" && e.Header("ce-subject") == activity.ToString())),
            e => e is not null, what: "activity-completed on crm.events");
        Assert.Equal("Interested, wants a quote", published!.Body.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Only_an_import_client_gives_the_completion_time()
    {
        var (activity, _, _) = await service.CreateAsync(RepClient, "/api/activities", new { kind = "visit", regarding = new { type = "lead", id = await ARepsLead() } });

        var response = await RepClient.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Met", completedAt = "2025-01-01T08:00:00Z" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("completedAt", out _));
    }

    [Fact]
    public async Task Bad_fields_and_unknown_records_are_refused_and_nothing_is_stored()
    {
        var before = await service.StoredEventCountAsync();

        var bad = await RepClient.PostAsJsonAsync("/api/activities", new { regarding = new { type = "lead" } });
        var unknown = await RepClient.PostAsJsonAsync("/api/activities", new { kind = "call", regarding = new { type = "opportunity", id = Guid.CreateVersion7() } });
        var noCustomer = await RepClient.PostAsJsonAsync("/api/activities", new { kind = "call", regarding = new { type = "customer", id = Guid.CreateVersion7() } });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Json(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.True(errors.TryGetProperty("regarding.id", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCustomer.StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Managers_assign_activities_to_reps_and_reps_only_plan_their_own()
    {
        var lead = await ARepsLead();
        var other = await service.AStaffMemberAsync();
        await service.KnowStaffAsync(Rep);

        Assert.Equal(HttpStatusCode.Forbidden, (await RepClient.PostAsJsonAsync("/api/activities", new { kind = "task", regarding = new { type = "lead", id = lead }, assigneeId = other })).StatusCode);
        var (activity, _, _) = await service.CreateAsync(service.ClientAs("branch-head", "north"), "/api/activities",
            new { kind = "task", regarding = new { type = "lead", id = lead }, assigneeId = Rep, dueAt = "2027-01-10T09:00:00Z" });
        Assert.Equal(HttpStatusCode.OK, (await RepClient.GetAsync($"/api/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RepClient.PostAsJsonAsync($"/api/activities/{activity}/assign", new { assigneeId = other })).StatusCode);

        var reassigned = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/activities/{activity}/assign", new { assigneeId = other });

        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RepClient.GetAsync($"/api/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/activities/{activity}")).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_activity_cannot_be_completed_and_a_stale_etag_gets_412()
    {
        var (activity, _, etag) = await service.CreateAsync(RepClient, "/api/activities", new { kind = "meeting", regarding = new { type = "lead", id = await ARepsLead() } });
        Assert.Equal(HttpStatusCode.OK, (await RepClient.PostAsJsonAsync($"/api/activities/{activity}/cancel", new { reason = "Customer away" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await RepClient.PostAsJsonAsync($"/api/activities/{activity}/complete", new { outcome = "Met" })).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/activities/{activity}/cancel") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await RepClient.SendAsync(stale)).StatusCode);
        var history = await RepClient.GetFromJsonAsync<JsonElement>($"/api/activities/{activity}/history");
        Assert.Equal(2, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_follow_up_period_is_group_configuration()
    {
        Assert.Equal(30, (await RepClient.GetFromJsonAsync<JsonElement>("/api/settings/follow-up")).GetProperty("days").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-head", "north").PutAsJsonAsync("/api/settings/follow-up", new { days = 14 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.ClientAs("group-executive").PutAsJsonAsync("/api/settings/follow-up", new { days = 0 })).StatusCode);
    }
}
