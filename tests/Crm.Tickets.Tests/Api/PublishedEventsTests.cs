using System.Net.Http.Json;
using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

/// <summary>What an external subscriber sees of a ticket's life: plain JSON and CloudEvents-style headers.</summary>
public class PublishedEventsTests(TicketsService service) : IClassFixture<TicketsService>
{
    [Fact]
    public async Task A_subscriber_sees_each_step_of_a_ticket_in_order_with_its_headers()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "tickets.#");
        var customer = await service.AKnownCustomerAsync("north");
        var (id, _, _) = await service.OpenAsync(customer, "high");
        var agent = service.ClientAs("service-agent", "north");
        await agent.PostAsJsonAsync($"/api/tickets/{id}/respond", new { message = "On it" });
        await agent.PostAsJsonAsync($"/api/tickets/{id}/resolve", new { resolution = "Fixed" });
        await agent.PostAsJsonAsync($"/api/tickets/{id}/satisfaction", new { score = 5, comment = "Great" });

        var events = await Eventually.Get(() => Task.FromResult(subscriber.Received.Where(e => e.Header("ce-subject") == id.ToString()).ToList()),
            e => e.Count >= 4, what: "four ticket events");

        Assert.Equal(["tickets.ticket-opened", "tickets.ticket-responded", "tickets.ticket-resolved", "tickets.satisfaction-rated"], events.Select(e => e.RoutingKey));
        var opened = events[0];
        Assert.Equal(("crm.tickets.ticket-opened.v1", "/crm/tickets", "north"), (opened.Header("ce-type"), opened.Header("ce-source"), opened.Header("crm-branch")));
        Assert.Equal(("high", "normal", 60, 480), (opened.Body.GetProperty("priority").GetString(), opened.Body.GetProperty("customerGrade").GetString(),
            opened.Body.GetProperty("responseTargetMinutes").GetInt32(), opened.Body.GetProperty("resolutionTargetMinutes").GetInt32()));
        Assert.True(events[1].Body.GetProperty("firstResponse").GetBoolean());
        Assert.Equal((5, "Great", customer), (events[3].Body.GetProperty("score").GetInt32(), events[3].Body.GetProperty("comment").GetString(),
            events[3].Body.GetProperty("customerId").GetGuid()));
    }
}
