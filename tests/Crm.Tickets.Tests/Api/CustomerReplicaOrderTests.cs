using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using Crm.Tickets.Domain;

namespace Crm.Tickets.Tests.Api;

/// <summary>
/// Customers events delivered through the broker in the reverse of the order the customers service
/// stored them (each with its <c>crm-position</c>): the replica, the targets tickets get, and where
/// tickets end up are as if they had come in order, and the moves happen once.
/// </summary>
public class CustomerReplicaOrderTests(TicketsService service) : IClassFixture<TicketsService>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    private HttpClient HeadOf(string branch) => service.ClientAs("branch-head", branch);

    private Task Registered(Guid customer, long position, string branch = "north", Guid? owner = null, string grade = "normal") =>
        service.DeliverAsync("customer-registered", customer, branch, position, new
        {
            customerId = customer, branch, name = "Hengda Electrical", category = "regional-electrical-store", ownerId = owner, registeredAt = At, grade,
        });

    private Task Transferred(Guid customer, string from, string to, long position, Guid? owner = null) =>
        service.DeliverAsync("customer-transferred", customer, to, position, new
        {
            customerId = customer, fromBranch = from, toBranch = to, name = "Hengda Electrical Co.", category = "regional-electrical-store",
            grade = "normal", status = "active", ownerId = owner, transferredAt = At,
        });

    private Task Merged(Guid survivor, Guid duplicate, string branch, long position) =>
        service.DeliverAsync("customers-merged", survivor, branch, position,
            new { survivorId = survivor, duplicateId = duplicate, branch, movedContactIds = Array.Empty<Guid>(), mergedAt = At });

    private Task<HttpResponseMessage> OpenAs(HttpClient client, Guid customer) =>
        client.PostAsJsonAsync("/api/tickets", new { customerId = customer, category = "complaint", priority = "urgent", channel = "phone", subject = "Cable reel arrived broken" });

    private async Task<IReadOnlyList<(string? Type, string? Branch)>> HistoryAsync(HttpClient client, Guid ticket) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}/history")).GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString()))];

    [Fact]
    public async Task A_grade_change_to_vip_arriving_before_the_registration_still_gives_the_vip_targets()
    {
        var customer = Guid.CreateVersion7();

        await service.DeliverAsync("customer-grade-changed", customer, "north", 20,
            new { customerId = customer, branch = "north", grade = "vip", previousGrade = "normal", changedAt = At });
        await Registered(customer, 10);
        var response = await OpenAs(HeadOf("north"), customer);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Hengda Electrical", "vip", 15, 120), (body.GetProperty("customerName").GetString(), body.GetProperty("customerGrade").GetString(),
            body.GetProperty("responseSla").GetProperty("targetMinutes").GetInt32(), body.GetProperty("resolutionSla").GetProperty("targetMinutes").GetInt32()));
    }

    [Fact]
    public async Task A_transfer_and_an_owner_change_overtaking_the_registration_leave_the_customer_in_the_new_branch_with_the_new_owner()
    {
        var customer = Guid.CreateVersion7();
        var (first, second, last) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await Transferred(customer, "north", "east", 40, last);
        await service.DeliverAsync("customer-owner-assigned", customer, "north", 20,
            new { customerId = customer, branch = "north", ownerId = second, previousOwnerId = first, assignedAt = At });
        await Registered(customer, 10, owner: first);

        var replica = await service.ReplicaAsync(customer);
        Assert.Equal(("east", "Hengda Electrical Co.", last), (replica!.Branch, replica.Name, replica.OwnerId));
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAs(HeadOf("north"), customer)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAs(service.ClientAs("sales-rep", "north", first), customer)).StatusCode);
        var byOwner = await OpenAs(service.ClientAs("sales-rep", "east", last), customer);
        Assert.Equal(HttpStatusCode.Created, byOwner.StatusCode);
        Assert.Equal("east", (await byOwner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("branch").GetString());
    }

    [Fact]
    public async Task An_owner_change_arriving_before_the_registration_is_not_dropped()
    {
        var customer = Guid.CreateVersion7();
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await service.DeliverAsync("customer-owner-assigned", customer, "north", 20,
            new { customerId = customer, branch = "north", ownerId = second, previousOwnerId = first, assignedAt = At });
        await Registered(customer, 10, owner: first);

        Assert.Equal(second, (await service.ReplicaAsync(customer))!.OwnerId);
        Assert.Equal(HttpStatusCode.Created, (await OpenAs(service.ClientAs("sales-rep", "north", second), customer)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAs(service.ClientAs("sales-rep", "north", first), customer)).StatusCode);
    }

    [Fact]
    public async Task Two_transfers_arriving_in_reverse_send_open_tickets_once_straight_to_the_newest_branch()
    {
        var customer = Guid.CreateVersion7();
        await Registered(customer, 10);
        var ticket = (await service.OpenAsync(customer, client: HeadOf("north"))).Id;

        await Transferred(customer, "east", "west", 50);
        await Transferred(customer, "north", "east", 40);

        Assert.Equal("west", (await service.ReplicaAsync(customer))!.Branch);
        var west = HeadOf("west");
        var moved = await west.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}");
        Assert.Equal(("west", "Hengda Electrical Co.", JsonValueKind.Null),
            (moved.GetProperty("branch").GetString(), moved.GetProperty("customerName").GetString(), moved.GetProperty("assigneeId").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await HeadOf("north").GetAsync($"/api/tickets/{ticket}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HeadOf("east").GetAsync($"/api/tickets/{ticket}")).StatusCode);
        Assert.Equal([("ticket-opened", "north"), ("ticket-transferred-out", "north"), ("ticket-transferred-in", "west")], await HistoryAsync(west, ticket));
    }

    [Fact]
    public async Task A_transfer_older_than_a_transfer_back_moves_nothing()
    {
        var customer = Guid.CreateVersion7();
        await Registered(customer, 10);
        var ticket = (await service.OpenAsync(customer, client: HeadOf("north"))).Id;

        await Transferred(customer, "east", "north", 50);
        await Transferred(customer, "north", "east", 40);

        Assert.Equal("north", (await service.ReplicaAsync(customer))!.Branch);
        var stayed = await HeadOf("north").GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}");
        Assert.Equal(1L, stayed.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await HeadOf("east").GetAsync($"/api/tickets/{ticket}")).StatusCode);
    }

    [Fact]
    public async Task A_merge_overtaking_the_duplicates_transfer_gives_its_tickets_to_the_survivor_in_the_survivors_branch_once()
    {
        var (duplicate, survivor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await Registered(duplicate, 10, "north");
        await Registered(survivor, 11, "east");
        var ticket = (await service.OpenAsync(duplicate, client: HeadOf("north"))).Id;

        await Merged(survivor, duplicate, "east", 50);
        await Transferred(duplicate, "north", "east", 40);

        var east = HeadOf("east");
        var moved = await east.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}");
        Assert.Equal((survivor, "east", "Hengda Electrical"),
            (moved.GetProperty("customerId").GetGuid(), moved.GetProperty("branch").GetString(), moved.GetProperty("customerName").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await HeadOf("north").GetAsync($"/api/tickets/{ticket}")).StatusCode);
        Assert.Equal([("ticket-opened", "north"), ("ticket-customer-merged", "north"), ("ticket-transferred-out", "north"), ("ticket-transferred-in", "east")],
            await HistoryAsync(east, ticket));
        Assert.True(await service.ReplicaAsync(duplicate) is { Branch: "east" } r && r.MergedInto == survivor);

        // New tickets for the duplicate go to the survivor instead.
        var refused = await OpenAs(east, duplicate);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(survivor.ToString(), (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("customerId")[0].GetString());
    }

    [Fact]
    public async Task A_merge_already_undone_by_a_newer_unmerge_leaves_the_duplicates_tickets_alone()
    {
        var (duplicate, survivor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await Registered(duplicate, 10);
        await Registered(survivor, 11);
        var ticket = (await service.OpenAsync(duplicate, client: HeadOf("north"))).Id;

        await service.DeliverAsync("customers-unmerged", survivor, "north", 60,
            new { survivorId = survivor, duplicateId = duplicate, branch = "north", returnedContactIds = Array.Empty<Guid>(), unmergedAt = At });
        await Merged(survivor, duplicate, "north", 50);

        var kept = await HeadOf("north").GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}");
        Assert.Equal((duplicate, 1L), (kept.GetProperty("customerId").GetGuid(), kept.GetProperty("version").GetInt64()));
        Assert.Null((await service.ReplicaAsync(duplicate))!.MergedInto);
        Assert.Equal(HttpStatusCode.Created, (await OpenAs(HeadOf("north"), duplicate)).StatusCode);
    }

    [Fact]
    public async Task Facts_about_one_customer_consumed_at_the_same_time_from_different_queues_are_all_kept()
    {
        var customers = Enumerable.Range(0, 12).Select(_ => (Id: Guid.CreateVersion7(), Owner: Guid.CreateVersion7())).ToList();
        var published = new List<Guid>();

        // No registration yet: every replica record is created by whichever of its events lands first.
        await Task.WhenAll(customers.SelectMany(c =>
        {
            var ids = (Owner: Guid.CreateVersion7(), Grade: Guid.CreateVersion7(), Profile: Guid.CreateVersion7());
            published.AddRange([ids.Owner, ids.Grade, ids.Profile]);
            return new[]
            {
                service.PublishAsync("customer-owner-assigned", c.Id, "north",
                    new { customerId = c.Id, branch = "north", ownerId = c.Owner, assignedAt = At }, ids.Owner, 2),
                service.PublishAsync("customer-grade-changed", c.Id, "north",
                    new { customerId = c.Id, branch = "north", grade = "key", previousGrade = "normal", changedAt = At }, ids.Grade, 3),
                service.PublishAsync("customer-profile-updated", c.Id, "north", new
                {
                    customerId = c.Id, branch = "north", name = "Renamed Trading", category = "other", phones = Array.Empty<string>(),
                    emails = Array.Empty<string>(), addresses = Array.Empty<string>(), changedFields = new[] { "name" }, updatedAt = At,
                }, ids.Profile, 4),
            };
        }));
        foreach (var eventId in published)
            await Eventually.Get(() => service.InboxEntriesAsync(eventId), n => n == 1, what: "event consumed");

        foreach (var (id, owner) in customers)
            Assert.Equal((owner, CustomerGrade.Key, "Renamed Trading", "north"),
                await service.ReplicaAsync(id) is { } r ? (r.OwnerId, r.Grade, r.Name, r.Branch) : default);
    }

    [Fact]
    public async Task A_duplicates_transfer_and_merge_consumed_at_the_same_time_move_each_ticket_once_to_the_survivor()
    {
        var pairs = new List<(Guid Duplicate, Guid Survivor, Guid Ticket)>();
        for (var i = 0; i < 6; i++)
        {
            var (duplicate, survivor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            await Registered(duplicate, 10, "north");
            await Registered(survivor, 11, "east");
            pairs.Add((duplicate, survivor, (await service.OpenAsync(duplicate, client: HeadOf("north"))).Id));
        }
        var published = pairs.SelectMany(_ => new[] { Guid.CreateVersion7(), Guid.CreateVersion7() }).ToList();

        await Task.WhenAll(pairs.SelectMany((p, i) => new[]
        {
            service.PublishAsync("customer-transferred", p.Duplicate, "east", new
            {
                customerId = p.Duplicate, fromBranch = "north", toBranch = "east", name = "Hengda Electrical", category = "other",
                grade = "normal", status = "active", ownerId = (Guid?)null, transferredAt = At,
            }, published[2 * i], 40),
            service.PublishAsync("customers-merged", p.Survivor, "east",
                new { survivorId = p.Survivor, duplicateId = p.Duplicate, branch = "east", movedContactIds = Array.Empty<Guid>(), mergedAt = At },
                published[2 * i + 1], 50),
        }));
        foreach (var eventId in published)
            await Eventually.Get(() => service.InboxEntriesAsync(eventId), n => n == 1, what: "event consumed");

        var east = HeadOf("east");
        foreach (var (_, survivor, ticket) in pairs)
        {
            var history = await HistoryAsync(east, ticket);
            Assert.Equal(survivor, (await east.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticket}")).GetProperty("customerId").GetGuid());
            Assert.Equal((1, 1, 1), (history.Count(h => h.Type == "ticket-customer-merged"), history.Count(h => h.Type == "ticket-transferred-out"),
                history.Count(h => h.Type == "ticket-transferred-in")));
            Assert.Equal(HttpStatusCode.NotFound, (await HeadOf("north").GetAsync($"/api/tickets/{ticket}")).StatusCode);
        }
    }
}
