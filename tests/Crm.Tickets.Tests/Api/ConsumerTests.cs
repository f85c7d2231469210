using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using Crm.Tickets.Domain;

namespace Crm.Tickets.Tests.Api;

public class ConsumerTests(TicketsService service) : IClassFixture<TicketsService>
{
    private HttpClient Head => service.ClientAs("branch-head", "north");

    private async Task<JsonElement> Ticket(Guid id) => await Head.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");

    private static Dictionary<string, string> Headers(string type, Guid? id = null) =>
        new() { ["ce-id"] = (id ?? Guid.CreateVersion7()).ToString(), ["ce-type"] = type };

    [Fact]
    public async Task A_leavers_tickets_go_to_the_named_colleague_once_even_when_the_event_is_redelivered()
    {
        var leaver = Guid.CreateVersion7();
        var colleague = Guid.CreateVersion7();
        var customer = await service.AKnownCustomerAsync("north");
        var open = (await service.OpenAsync(customer, client: service.ClientAs("service-agent", "north", leaver))).Id;
        var closed = (await service.OpenAsync(customer, client: service.ClientAs("service-agent", "north", leaver))).Id;
        await Head.PostAsJsonAsync($"/api/tickets/{closed}/resolve", new { resolution = "Done" });
        await Head.PostAsync($"/api/tickets/{closed}/close", null);
        var eventId = Guid.CreateVersion7();
        var body = new { staffId = leaver, branch = "north", reassignTo = colleague, leftAt = DateTimeOffset.UtcNow };

        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left", body, Headers("crm.identity.staff-left.v1", eventId));
        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left", body, Headers("crm.identity.staff-left.v1", eventId));
        // A marker behind the redelivery on the same queue shows the redelivery was consumed.
        var marker = Guid.CreateVersion7();
        var markerTicket = (await service.OpenAsync(customer, client: service.ClientAs("service-agent", "north", marker))).Id;
        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left",
            new { staffId = marker, branch = "north", reassignTo = colleague, leftAt = DateTimeOffset.UtcNow }, Headers("crm.identity.staff-left.v1"));
        await Eventually.Get(() => Ticket(markerTicket), t => t.GetProperty("assigneeId").GetString() == colleague.ToString(), what: "the marker's ticket reassigned");

        var reassigned = await Ticket(open);
        Assert.Equal((colleague.ToString(), 2L), (reassigned.GetProperty("assigneeId").GetString(), reassigned.GetProperty("version").GetInt64()));
        Assert.Equal(leaver.ToString(), (await Ticket(closed)).GetProperty("assigneeId").GetString());
    }

    [Fact]
    public async Task A_merged_duplicates_open_tickets_move_to_the_survivor()
    {
        var survivor = await service.AKnownCustomerAsync("north");
        var duplicate = await service.AKnownCustomerAsync("north");
        var (ticket, _, _) = await service.OpenAsync(duplicate);

        await EventSubscriber.PublishAsync(service.RabbitMq, "customers.customers-merged",
            new { survivorId = survivor, duplicateId = duplicate, branch = "north", movedContactIds = Array.Empty<Guid>(), mergedAt = DateTimeOffset.UtcNow },
            Headers("crm.customers.customers-merged.v1"));

        var moved = await Eventually.Get(() => Ticket(ticket), t => t.GetProperty("customerId").GetGuid() == survivor, what: "the ticket moved to the survivor");
        Assert.Equal(2L, moved.GetProperty("version").GetInt64());
        var history = await Head.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}/history");
        Assert.Equal("ticket-customer-merged", history.GetProperty("items")[1].GetProperty("type").GetString());
    }

    private Task Transferred(Guid customer, Guid? eventId = null) => service.PublishAsync("customer-transferred", customer, "east", new
    {
        customerId = customer, fromBranch = "north", toBranch = "east", name = "Hengda Electrical", category = "regional-electrical-store",
        grade = "normal", status = "active", ownerId = (Guid?)null, transferredAt = DateTimeOffset.UtcNow,
    }, eventId);

    [Fact]
    public async Task A_transferred_customers_unclosed_tickets_continue_in_the_new_branch_with_their_history_and_closed_ones_stay()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var open = (await service.OpenAsync(customer, client: Head)).Id;
        var closed = (await service.OpenAsync(customer, client: Head)).Id;
        await Head.PostAsJsonAsync($"/api/tickets/{closed}/resolve", new { resolution = "Done" });
        await Head.PostAsync($"/api/tickets/{closed}/close", null);
        var east = service.ClientAs("branch-head", "east");
        var eventId = Guid.CreateVersion7();

        await Transferred(customer, eventId);
        await Eventually.Get(async () => (await east.GetAsync($"/api/tickets/{open}")).StatusCode, status => status == System.Net.HttpStatusCode.OK,
            what: "the open ticket readable in the new branch");

        var moved = await east.GetFromJsonAsync<JsonElement>($"/api/tickets/{open}");
        Assert.Equal(("east", JsonValueKind.Null), (moved.GetProperty("branch").GetString(), moved.GetProperty("assigneeId").ValueKind));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Head.GetAsync($"/api/tickets/{open}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Head.GetAsync($"/api/tickets/{closed}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await east.GetAsync($"/api/tickets/{closed}")).StatusCode);
        Assert.Equal("east", (await service.ReplicaAsync(customer))!.Branch);
        var history = await east.GetFromJsonAsync<JsonElement>($"/api/tickets/{open}/history");
        var entries = history.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString())).ToList();
        Assert.Equal(("ticket-opened", "north"), entries[0]);
        Assert.Equal([("ticket-transferred-out", "north"), ("ticket-transferred-in", "east")], entries[^2..]);

        // A marker transfer behind the redelivery shows the redelivery was consumed.
        var marker = await service.AKnownCustomerAsync("north");
        var markerTicket = (await service.OpenAsync(marker, client: Head)).Id;
        await Transferred(customer, eventId);
        await Transferred(marker);
        await Eventually.Get(async () => (await east.GetAsync($"/api/tickets/{markerTicket}")).StatusCode, status => status == System.Net.HttpStatusCode.OK,
            what: "the marker's ticket moved");
        var again = await east.GetFromJsonAsync<JsonElement>($"/api/tickets/{open}/history");
        Assert.Equal(entries.Count, again.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Head.GetAsync($"/api/tickets/{open}")).StatusCode);
    }

    [Fact]
    public async Task An_owner_assignment_keeps_the_replicas_owner_current()
    {
        var customer = await service.AKnownCustomerAsync("north");
        var owner = Guid.CreateVersion7();

        await service.PublishAsync("customer-owner-assigned", customer, "north",
            new { customerId = customer, branch = "north", ownerId = owner, previousOwnerId = (Guid?)null, reason = (string?)null, assignedAt = DateTimeOffset.UtcNow });

        await Eventually.Get(() => service.ReplicaAsync(customer), r => r?.OwnerId == owner, what: "the new owner in the replica");
    }
}
