using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

/// <summary>
/// The SLA watch, with the service's clock moved past the targets: each breached target escalated
/// exactly once, even with two instances of the service on the same database and broker.
/// </summary>
public class EscalationTests(TicketsService service) : IClassFixture<TicketsService>
{
    [Fact]
    public async Task Two_instances_escalate_each_breached_target_exactly_once_and_paused_clocks_not_at_all()
    {
        var second = await service.AnotherInstanceAsync();
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "tickets.#");
        var customer = await service.AKnownCustomerAsync("north");
        var running = new List<Guid>();
        for (var i = 0; i < 3; i++) running.Add((await service.OpenAsync(customer, "urgent")).Id);
        var (paused, _, _) = await service.OpenAsync(customer, "urgent");
        await service.ClientOf(second, "service-agent", "north").PostAsync($"/api/tickets/{paused}/wait", null);

        service.Clock.Advance(TimeSpan.FromMinutes(31));
        var escalated = await Eventually.Get(() => Task.FromResult(Escalations(subscriber)), e => e.Count >= 3, what: "three response escalations");
        service.Clock.Advance(TimeSpan.FromMinutes(240));
        escalated = await Eventually.Get(() => Task.FromResult(Escalations(subscriber)), e => e.Count >= 6, what: "three resolution escalations");
        // A few more rounds of both watches, to show nothing more comes.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        escalated = Escalations(subscriber);

        Assert.Equal(6, escalated.Count);
        Assert.Equal(running.SelectMany(id => new[] { (id, "response"), (id, "resolution") }).Order(), escalated.Order());
        var ticket = await (await service.ClientAs("branch-head", "north").GetAsync($"/api/tickets/{paused}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(ticket.GetProperty("breached").GetBoolean());
        var breached = await (await service.ClientAs("branch-head", "north").GetAsync($"/api/tickets?customerId={customer}&breached=true")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(running, breached.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    private static List<(Guid, string)> Escalations(EventSubscriber subscriber) =>
        [.. subscriber.Received.Where(e => e.RoutingKey == "tickets.ticket-escalated")
            .Select(e => (e.Body.GetProperty("ticketId").GetGuid(), e.Body.GetProperty("target").GetString()!))];
}
