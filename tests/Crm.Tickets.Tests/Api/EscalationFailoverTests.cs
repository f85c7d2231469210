using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

/// <summary>The SLA watch moves to another instance when the one watching stops.</summary>
public class EscalationFailoverTests(TicketsService service) : IClassFixture<TicketsService>
{
    [Fact]
    public async Task When_the_watching_instance_stops_another_takes_over()
    {
        // The first instance started alone, so it holds the lead; the second waits for it.
        var first = service.Factory;
        await service.AnotherInstanceAsync();
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "tickets.ticket-escalated");
        var (ticket, _, _) = await service.OpenAsync(await service.AKnownCustomerAsync("north"), "urgent");

        await service.StopAsync(first);
        service.Clock.Advance(TimeSpan.FromMinutes(31));

        var escalated = await Eventually.Get(() => Task.FromResult(subscriber.Received.ToList()), e => e.Count >= 1, what: "the response escalated");
        Assert.Equal((ticket, "response"), (escalated[0].Body.GetProperty("ticketId").GetGuid(), escalated[0].Body.GetProperty("target").GetString()));
    }
}
