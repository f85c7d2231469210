using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class ConsumerTests(SalesService service) : IClassFixture<SalesService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private async Task<Guid> Owner(string path, Guid id) =>
        (await Exec.GetFromJsonAsync<JsonElement>($"{path}/{id}")).GetProperty(path == "/api/activities" ? "assigneeId" : "ownerId").GetGuid();

    private async Task<Guid> AProduct() => (await service.CreateAsync(Exec, "/api/products", ProductTests.AProduct())).Id;

    private async Task<Guid> AnOrder(Guid customer, Guid owner) => (await service.CreateAsync(Exec, "/api/orders",
        new { customerId = customer, ownerId = owner, branch = "north", lines = new[] { new { productId = await AProduct(), quantity = 1m, unitPrice = 100m } } })).Id;

    private async Task<Guid> ADeal(Guid customer, Guid owner) => (await service.CreateAsync(Exec, "/api/opportunities", new
    {
        customerId = customer, name = "Restock", amount = new { amount = 1000m, currency = "CNY" }, expectedCloseDate = "2027-03-31", ownerId = owner, branch = "north",
    })).Id;

    private async Task<Guid> ALead(Guid owner) => (await service.CreateAsync(Exec, "/api/leads", new { company = "Leaver Trading", branch = "north", ownerId = owner })).Id;

    private Task StaffLeft(Guid eventId, Guid leaver, Guid successor) => EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left",
        new { staffId = leaver, branch = "north", reassignTo = successor, leftAt = DateTimeOffset.UtcNow },
        new Dictionary<string, string> { ["ce-id"] = eventId.ToString(), ["ce-type"] = "crm.identity.staff-left.v1" });

    [Fact]
    public async Task A_leavers_open_work_goes_to_the_successor_once_even_when_the_event_is_redelivered()
    {
        var leaver = await service.AStaffMemberAsync();
        var successor = Guid.CreateVersion7();
        var customer = await service.AKnownCustomerAsync("north", leaver);
        var lead = await ALead(leaver);
        var closedLead = await ALead(leaver);
        await Exec.PostAsJsonAsync($"/api/leads/{closedLead}/disqualify", new { reason = "No budget" });
        var deal = await ADeal(customer, leaver);
        var activity = (await service.CreateAsync(Exec, "/api/activities",
            new { kind = "visit", regarding = new { type = "customer", id = customer }, assigneeId = leaver, branch = "north" })).Id;
        var order = await AnOrder(customer, leaver);
        var eventId = Guid.CreateVersion7();

        await StaffLeft(eventId, leaver, successor);
        await Eventually.Get(() => Owner("/api/orders", order), owner => owner == successor, what: "the leaver's order reassigned");

        Assert.Equal(successor, await Owner("/api/leads", lead));
        Assert.Equal(successor, await Owner("/api/opportunities", deal));
        Assert.Equal(successor, await Owner("/api/activities", activity));
        Assert.Equal(leaver, await Owner("/api/leads", closedLead));
        var before = await service.StoredEventCountAsync();

        await StaffLeft(eventId, leaver, successor);
        // A marker behind the redelivery on the same queue shows the redelivery was consumed.
        var marker = await service.AStaffMemberAsync();
        var markerLead = await ALead(marker);
        await StaffLeft(Guid.CreateVersion7(), marker, successor);
        await Eventually.Get(() => Owner("/api/leads", markerLead), owner => owner == successor, what: "the marker's lead reassigned");

        Assert.Equal(before + 2, await service.StoredEventCountAsync()); // the marker lead's capture and reassignment only
        Assert.Equal(1, await service.InboxEntriesAsync(eventId));
    }

    [Fact]
    public async Task A_merged_duplicates_open_records_move_to_the_survivor_and_new_business_is_pointed_there()
    {
        var rep = await service.AStaffMemberAsync();
        var duplicate = await service.AKnownCustomerAsync("north", rep);
        var survivor = await service.AKnownCustomerAsync("north", rep);
        var deal = await ADeal(duplicate, rep);
        var order = await AnOrder(duplicate, rep);
        var lostDeal = await ADeal(duplicate, rep);
        await Exec.PostAsJsonAsync($"/api/opportunities/{lostDeal}/lose", new { reason = "Price" });

        await EventSubscriber.PublishAsync(service.RabbitMq, "customers.customers-merged",
            new { survivorId = survivor, duplicateId = duplicate, branch = "north", movedContactIds = Array.Empty<Guid>(), mergedAt = DateTimeOffset.UtcNow },
            new Dictionary<string, string> { ["ce-id"] = Guid.CreateVersion7().ToString(), ["ce-type"] = "crm.customers.customers-merged.v1" });

        await Eventually.Get(async () => (await Exec.GetFromJsonAsync<JsonElement>($"/api/orders/{order}")).GetProperty("customerId").GetGuid(),
            customer => customer == survivor, what: "the duplicate's order moved to the survivor");
        Assert.Equal(survivor, (await Exec.GetFromJsonAsync<JsonElement>($"/api/opportunities/{deal}")).GetProperty("customerId").GetGuid());
        Assert.Equal(duplicate, (await Exec.GetFromJsonAsync<JsonElement>($"/api/opportunities/{lostDeal}")).GetProperty("customerId").GetGuid());
        Assert.Equal(survivor, (await service.ReplicaAsync(duplicate))!.MergedInto);
        var newDeal = await service.ClientAs("sales-rep", "north", rep).PostAsJsonAsync("/api/opportunities", new
        {
            customerId = duplicate, name = "After the merge", amount = new { amount = 10m, currency = "CNY" }, expectedCloseDate = "2027-03-31",
        });
        Assert.Equal(HttpStatusCode.BadRequest, newDeal.StatusCode);
    }
    private Task Transferred(Guid eventId, Guid customer, string from = "north", string to = "east") => EventSubscriber.PublishAsync(service.RabbitMq, "customers.customer-transferred",
        new
        {
            customerId = customer, fromBranch = from, toBranch = to, name = "Hengda Electrical", category = "regional-electrical-store",
            grade = "normal", status = "active", ownerId = (Guid?)null, transferredAt = DateTimeOffset.UtcNow,
        },
        new Dictionary<string, string> { ["ce-id"] = eventId.ToString(), ["ce-type"] = "crm.customers.customer-transferred.v1" });

    [Fact]
    public async Task A_transferred_customers_open_records_continue_in_the_new_branch_with_their_history_and_closed_ones_stay()
    {
        var rep = await service.AStaffMemberAsync();
        var customer = await service.AKnownCustomerAsync("north", rep);
        var deal = await ADeal(customer, rep);
        var lostDeal = await ADeal(customer, rep);
        await Exec.PostAsJsonAsync($"/api/opportunities/{lostDeal}/lose", new { reason = "Price" });
        var activity = (await service.CreateAsync(Exec, "/api/activities",
            new { kind = "visit", regarding = new { type = "customer", id = customer }, assigneeId = rep, branch = "north" })).Id;
        var order = await AnOrder(customer, rep);
        var east = service.ClientAs("branch-head", "east");
        var north = service.ClientAs("branch-head", "north");
        var eventId = Guid.CreateVersion7();

        await Transferred(eventId, customer);
        await Eventually.Get(async () => (await east.GetAsync($"/api/orders/{order}")).StatusCode, status => status == HttpStatusCode.OK,
            what: "the open order readable in the new branch");

        var moved = await east.GetFromJsonAsync<JsonElement>($"/api/opportunities/{deal}");
        Assert.Equal(("east", JsonValueKind.Null), (moved.GetProperty("branch").GetString(), moved.GetProperty("ownerId").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await north.GetAsync($"/api/opportunities/{deal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await north.GetAsync($"/api/orders/{order}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await east.GetAsync($"/api/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await north.GetAsync($"/api/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await north.GetAsync($"/api/opportunities/{lostDeal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetAsync($"/api/opportunities/{lostDeal}")).StatusCode);
        Assert.Equal("east", (await Exec.GetFromJsonAsync<JsonElement>($"/api/opportunities/{deal}")).GetProperty("branch").GetString());
        var history = await east.GetFromJsonAsync<JsonElement>($"/api/opportunities/{deal}/history");
        var entries = history.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString())).ToList();
        Assert.Equal([("opportunity-opened", "north"), ("opportunity-transferred-out", "north"), ("opportunity-transferred-in", "east")], entries);
        Assert.Equal("east", (await service.ReplicaAsync(customer))!.Branch);

        // A marker transfer behind the redelivery on the same queue shows the redelivery was consumed.
        var markerCustomer = await service.AKnownCustomerAsync("north", rep);
        var markerDeal = await ADeal(markerCustomer, rep);
        var before = await service.StoredEventCountAsync();
        await Transferred(eventId, customer);
        await Transferred(Guid.CreateVersion7(), markerCustomer);
        await Eventually.Get(async () => (await east.GetAsync($"/api/opportunities/{markerDeal}")).StatusCode, status => status == HttpStatusCode.OK,
            what: "the marker's deal moved");

        Assert.Equal(before + 2, await service.StoredEventCountAsync()); // the marker deal's transfer only
        Assert.Equal(1, await service.InboxEntriesAsync(eventId));
    }
    [Fact]
    public async Task A_deal_whose_customer_comes_back_continues_its_old_stream_in_the_branch_it_left()
    {
        var rep = await service.AStaffMemberAsync();
        var customer = await service.AKnownCustomerAsync("north", rep);
        var deal = await ADeal(customer, rep);
        var east = service.ClientAs("branch-head", "east");
        var north = service.ClientAs("branch-head", "north");

        await Transferred(Guid.CreateVersion7(), customer);
        await Eventually.Get(async () => (await east.GetAsync($"/api/opportunities/{deal}")).StatusCode, status => status == HttpStatusCode.OK,
            what: "the deal moved east");
        await Transferred(Guid.CreateVersion7(), customer, from: "east", to: "north");
        // North is reopened before east is closed (two commits), so the move is complete once east no longer has it.
        await Eventually.Get(async () => (await east.GetAsync($"/api/opportunities/{deal}")).StatusCode, status => status == HttpStatusCode.NotFound,
            what: "the deal gone from east");

        var back = await north.GetAsync($"/api/opportunities/{deal}");
        Assert.Equal("\"3\"", back.Headers.ETag?.Tag); // opened, transferred out, and now transferred in again
        var history = await north.GetFromJsonAsync<JsonElement>($"/api/opportunities/{deal}/history");
        var entries = history.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString())).ToList();
        // Coming back, the old stream is reopened before the east one is closed (so a failure in between loses nothing).
        Assert.Equal([("opportunity-opened", "north"), ("opportunity-transferred-out", "north"), ("opportunity-transferred-in", "east"),
            ("opportunity-transferred-in", "north"), ("opportunity-transferred-out", "east")], entries);
    }
}
