using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

/// <summary>
/// API.md business times: an integration client granted crm.import records tickets from an older CRM
/// opened, answered and resolved when they were, and the SLA clocks, breaches and escalations count
/// in those times; staff and integrations without the scope cannot give them.
/// </summary>
public class ImportedHistoryTests(TicketsService service) : IClassFixture<TicketsService>
{
    private HttpClient Importer => service.IntegrationWith("crm.import");

    private static object HistoricTicket(Guid customerId, DateTimeOffset? openedAt = null, DateTimeOffset? respondedAt = null, DateTimeOffset? resolvedAt = null,
        Guid? assigneeId = null) => new
    {
        customerId, category = "repair", priority = "urgent", channel = "phone", subject = "Breaker trips under load", assigneeId,
        openedAt, respondedAt, response = respondedAt is null ? null : "An engineer is on the way.",
        resolvedAt, resolution = resolvedAt is null ? null : "Replaced the breaker.",
    };

    [Fact]
    public async Task A_ticket_imported_whole_keeps_its_times_and_its_clocks_and_breaches_count_in_them()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "tickets.#");
        var customer = await service.AKnownCustomerAsync("north");
        var agent = Guid.CreateVersion7();
        var opened = new DateTimeOffset(2024, 5, 6, 9, 0, 0, TimeSpan.FromHours(8));
        var (responded, resolved) = (opened.AddMinutes(45), opened.AddHours(3)); // urgent: 30 minutes to answer (missed), 240 to resolve (met)

        var response = await Importer.PostAsJsonAsync("/api/tickets", HistoricTicket(customer, opened, responded, resolved, agent));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ticket = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal(("resolved", agent), (ticket.GetProperty("status").GetString(), ticket.GetProperty("assigneeId").GetGuid()));
        Assert.Equal((opened, responded, resolved), (ticket.GetProperty("openedAt").GetDateTimeOffset(),
            ticket.GetProperty("respondedAt").GetDateTimeOffset(), ticket.GetProperty("resolvedAt").GetDateTimeOffset()));
        var (answer, resolution) = (ticket.GetProperty("responseSla"), ticket.GetProperty("resolutionSla"));
        Assert.Equal((45, false, true), (answer.GetProperty("elapsedMinutes").GetInt32(), answer.GetProperty("met").GetBoolean(), answer.GetProperty("breached").GetBoolean()));
        Assert.Equal((180, true, false), (resolution.GetProperty("elapsedMinutes").GetInt32(), resolution.GetProperty("met").GetBoolean(), resolution.GetProperty("breached").GetBoolean()));
        Assert.True(ticket.GetProperty("breached").GetBoolean());
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        var breachedList = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets?customerId={customer}&breached=true");
        Assert.Equal([id], breachedList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        // Reports read the published events: they carry the business times and the minutes counted in them.
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.Where(e => e.Header("ce-subject") == id.ToString()).ToList()),
            e => e.Count >= 3, what: "the imported ticket's events");
        var answered = published.Single(e => e.RoutingKey == "tickets.ticket-responded").Body;
        Assert.Equal((45, false, responded), (answered.GetProperty("responseMinutes").GetInt32(), answered.GetProperty("withinTarget").GetBoolean(),
            answered.GetProperty("respondedAt").GetDateTimeOffset()));
        var done = published.Single(e => e.RoutingKey == "tickets.ticket-resolved").Body;
        Assert.Equal((180, true, resolved), (done.GetProperty("resolutionMinutes").GetInt32(), done.GetProperty("withinTarget").GetBoolean(),
            done.GetProperty("resolvedAt").GetDateTimeOffset()));
        Assert.DoesNotContain(published, e => e.RoutingKey == "tickets.ticket-escalated");
    }

    [Fact]
    public async Task An_imported_ticket_still_open_past_its_targets_is_escalated_from_its_business_due_times_and_answered_at_a_given_time()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var opened = service.Clock.GetUtcNow().AddDays(-2);
        var (id, _, _) = await OpenAsync(HistoricTicket(customer, opened));

        var escalated = await Eventually.Get(() => service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets/{id}"),
            t => t.GetProperty("resolutionSla").GetProperty("escalated").GetBoolean() && t.GetProperty("responseSla").GetProperty("escalated").GetBoolean(),
            what: "both targets of the imported ticket escalated");
        var history = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets/{id}/history");
        var etag = $"\"{escalated.GetProperty("version").GetInt64()}\"";
        var tooEarly = await Send($"/api/tickets/{id}/respond", new { message = "Sorry for the wait.", respondedAt = opened.AddMinutes(-5) }, etag);
        var answered = await Send($"/api/tickets/{id}/respond", new { message = "Sorry for the wait.", respondedAt = opened.AddHours(2) }, etag);

        Assert.Equal(opened.AddMinutes(30), escalated.GetProperty("responseSla").GetProperty("dueAt").GetDateTimeOffset());
        var dueTimes = history.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "ticket-escalated")
            .Select(e => e.GetProperty("data").GetProperty("dueAt").GetDateTimeOffset()).Order().ToList();
        Assert.Equal([opened.AddMinutes(30), opened.AddMinutes(240)], dueTimes);
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.True((await tooEarly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("respondedAt", out _));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var ticket = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(opened.AddHours(2), ticket.GetProperty("respondedAt").GetDateTimeOffset());
        Assert.Equal((120, true), (ticket.GetProperty("responseSla").GetProperty("elapsedMinutes").GetInt32(), ticket.GetProperty("responseSla").GetProperty("breached").GetBoolean()));
    }

    [Fact]
    public async Task An_answer_imported_after_the_watch_escalated_meets_the_target_when_its_business_time_did()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var opened = service.Clock.GetUtcNow().AddDays(-1);
        var (id, _, _) = await OpenAsync(HistoricTicket(customer, opened));
        var escalated = await Eventually.Get(() => service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets/{id}"),
            t => t.GetProperty("responseSla").GetProperty("escalated").GetBoolean(), what: "the response target escalated");

        var answered = await Send($"/api/tickets/{id}/respond", new { message = "On the way.", respondedAt = opened.AddMinutes(10) },
            $"\"{escalated.GetProperty("version").GetInt64()}\"");
        var listedMet = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var response = listedMet.GetProperty("responseSla");
        Assert.Equal((10, true, false, true), (response.GetProperty("elapsedMinutes").GetInt32(), response.GetProperty("met").GetBoolean(),
            response.GetProperty("breached").GetBoolean(), response.GetProperty("escalated").GetBoolean()));
        Assert.True(listedMet.GetProperty("resolutionSla").GetProperty("breached").GetBoolean());
    }

    [Theory]
    [InlineData("openedAt")]
    [InlineData("respondedAt")]
    [InlineData("resolvedAt")]
    public async Task Staff_giving_a_business_time_get_400_and_nothing_is_opened(string field)
    {
        var customer = await service.AKnownCustomerAsync("north");
        var past = service.Clock.GetUtcNow().AddHours(-3);
        var body = HistoricTicket(customer, field == "openedAt" ? past.AddHours(-1) : null, field == "respondedAt" ? past : null, field == "resolvedAt" ? past : null);

        var byHead = await service.ClientAs("branch-head", "north").PostAsJsonAsync("/api/tickets", body);
        var byExec = await service.ClientAs("group-executive").PostAsJsonAsync("/api/tickets", body);

        foreach (var refused in new[] { byHead, byExec })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        }
        Assert.Empty((await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/tickets?customerId={customer}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Staff_answering_or_resolving_at_a_given_time_get_400_and_the_ticket_is_unchanged()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var (id, _, etag) = await service.OpenAsync(customer);
        var agent = service.ClientAs("service-agent", "north");
        var past = service.Clock.GetUtcNow().AddMinutes(-1);

        var respond = await Send($"/api/tickets/{id}/respond", new { message = "On it.", respondedAt = past }, etag, agent);
        var resolve = await Send($"/api/tickets/{id}/resolve", new { resolution = "Fixed.", resolvedAt = past }, etag, agent);
        var ticket = await agent.GetAsync($"/api/tickets/{id}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (respond.StatusCode, resolve.StatusCode));
        Assert.True((await respond.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("respondedAt", out _));
        Assert.True((await resolve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("resolvedAt", out _));
        Assert.Equal(etag, ticket.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Without_crm_import_an_integration_client_opens_and_works_nothing()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var (id, _, etag) = await service.OpenAsync(customer);
        var reader = service.IntegrationWith();

        var open = await reader.PostAsJsonAsync("/api/tickets", HistoricTicket(customer, service.Clock.GetUtcNow().AddDays(-1)));
        var respond = await Send($"/api/tickets/{id}/respond", new { message = "Hello" }, etag, reader);
        var read = await reader.GetAsync($"/api/tickets/{id}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (open.StatusCode, respond.StatusCode));
        Assert.Contains("crm.import", (await open.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag?.Tag);
        Assert.Single((await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/tickets?customerId={customer}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Import_times_out_of_order_in_the_future_or_without_their_text_get_400()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var opened = service.Clock.GetUtcNow().AddDays(-3);

        var answeredBeforeOpened = await Importer.PostAsJsonAsync("/api/tickets", HistoricTicket(customer, opened, respondedAt: opened.AddMinutes(-1)));
        var resolvedBeforeAnswered = await Importer.PostAsJsonAsync("/api/tickets", HistoricTicket(customer, opened, opened.AddHours(2), opened.AddHours(1)));
        var openedLater = await Importer.PostAsJsonAsync("/api/tickets", HistoricTicket(customer, service.Clock.GetUtcNow().AddHours(1)));
        var noResponseText = await Importer.PostAsJsonAsync("/api/tickets", new { customerId = customer, category = "repair", subject = "x", openedAt = opened, respondedAt = opened.AddHours(1) });

        foreach (var (refused, field) in new[] { (answeredBeforeOpened, "respondedAt"), (resolvedBeforeAnswered, "resolvedAt"), (openedLater, "openedAt"), (noResponseText, "response") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Empty((await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/tickets?customerId={customer}")).GetProperty("items").EnumerateArray());
    }

    private async Task<(Guid Id, JsonElement Body, string ETag)> OpenAsync(object body)
    {
        var response = await Importer.PostAsJsonAsync("/api/tickets", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return (json.GetProperty("id").GetGuid(), json, response.Headers.ETag!.Tag);
    }

    private Task<HttpResponseMessage> Send(string path, object body, string etag, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return (client ?? Importer).SendAsync(request);
    }
}
