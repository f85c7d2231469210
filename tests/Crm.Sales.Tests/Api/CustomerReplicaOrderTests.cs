using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// Customers events delivered through the broker in the reverse of the order the customers service
/// stored them: the replica, and what sales lets people do with the customer, end up right.
/// </summary>
public class CustomerReplicaOrderTests(SalesService service) : IClassFixture<SalesService>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;
    private static readonly Guid Rep = Guid.CreateVersion7();

    private async Task<HttpResponseMessage> SignAsync(HttpClient client, Guid customer)
    {
        var product = (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;
        return await client.PostAsJsonAsync("/api/orders", new { customerId = customer, lines = new[] { new { productId = product, quantity = 1m, unitPrice = 99m } } });
    }

    private Task Registered(Guid customer, long position, Guid? owner = null) => service.DeliverCustomerEventAsync("customer-registered",
        new { customerId = customer, branch = "north", name = "Hengda Electrical", category = "other", ownerId = owner, registeredAt = At, grade = "normal" },
        customer, "north", position);

    [Fact]
    public async Task A_transfer_owner_change_and_grade_change_overtaking_the_registration_leave_the_newer_facts()
    {
        var customer = Guid.CreateVersion7();
        var (first, second, last) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var before = await service.StoredEventCountAsync();

        await service.DeliverCustomerEventAsync("customer-transferred", new
        {
            customerId = customer, fromBranch = "north", toBranch = "east", name = "Hengda Electrical Co.", category = "other",
            grade = "vip", status = "active", ownerId = last, transferredAt = At,
        }, customer, "east", 40);
        await service.DeliverCustomerEventAsync("customer-grade-changed",
            new { customerId = customer, branch = "north", grade = "vip", previousGrade = "normal", changedAt = At }, customer, "north", 30);
        await service.DeliverCustomerEventAsync("customer-owner-assigned",
            new { customerId = customer, branch = "north", ownerId = second, previousOwnerId = first, assignedAt = At }, customer, "north", 20);
        await Registered(customer, 10, first);

        var replica = await service.ReplicaAsync(customer);
        Assert.Equal(("east", "Hengda Electrical Co.", last, "vip", false),
            (replica!.Branch, replica.Name, replica.OwnerId, replica.Grade, replica.Archived));
        Assert.Equal(before, await service.StoredEventCountAsync()); // nothing of the customer's to move

        var inEast = await SignAsync(service.ClientAs("branch-head", "east"), customer);
        var inNorth = await SignAsync(service.ClientAs("branch-head", "north"), customer);
        Assert.Equal(HttpStatusCode.Created, inEast.StatusCode);
        Assert.Equal("east", (await inEast.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("branch").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, inNorth.StatusCode);
    }

    [Fact]
    public async Task A_merge_arriving_before_the_duplicates_registration_still_sends_new_business_to_the_survivor()
    {
        var (duplicate, survivor) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await service.DeliverCustomerEventAsync("customers-merged",
            new { survivorId = survivor, duplicateId = duplicate, branch = "north", movedContactIds = Array.Empty<Guid>(), mergedAt = At }, survivor, "north", 50);
        await Registered(duplicate, 12, Rep);

        Assert.Equal(survivor, (await service.ReplicaAsync(duplicate))!.MergedInto);
        var response = await SignAsync(service.ClientAs("sales-rep", "north", Rep), duplicate);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(survivor.ToString(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("customerId")[0].GetString());
    }

    [Fact]
    public async Task An_archived_customer_takes_no_new_business_whichever_event_came_first_and_a_restore_reopens_it()
    {
        var customer = Guid.CreateVersion7();
        var head = service.ClientAs("branch-head", "north");

        await service.DeliverCustomerEventAsync("customer-archived", new { customerId = customer, branch = "north", archivedAt = At }, customer, "north", 25);
        await Registered(customer, 11, Rep);
        var whileArchived = await SignAsync(head, customer);
        var before = await service.StoredEventCountAsync();
        await service.DeliverCustomerEventAsync("customer-restored", new { customerId = customer, branch = "north", restoredAt = At }, customer, "north", 26);
        var restored = await SignAsync(head, customer);

        Assert.Equal(HttpStatusCode.BadRequest, whileArchived.StatusCode);
        Assert.True((await service.ReplicaAsync(customer))! is { Archived: false, Branch: "north" });
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        Assert.Equal(before + 2, await service.StoredEventCountAsync()); // the product and the order
    }

    [Fact]
    public async Task Facts_about_one_customer_consumed_at_the_same_time_from_different_queues_are_all_kept()
    {
        var customers = Enumerable.Range(0, 12).Select(_ => (Id: Guid.CreateVersion7(), Owner: Guid.CreateVersion7())).ToList();

        // No registration yet: every replica record is created by whichever of its events lands first.
        var published = await Task.WhenAll(customers.SelectMany(c => new[]
        {
            service.PublishEventAsync("customers", "customer-owner-assigned",
                new { customerId = c.Id, branch = "north", ownerId = c.Owner, assignedAt = At }, c.Id, "north", 2),
            service.PublishEventAsync("customers", "customer-grade-changed",
                new { customerId = c.Id, branch = "north", grade = "key", previousGrade = "normal", changedAt = At }, c.Id, "north", 3),
            service.PublishEventAsync("customers", "customer-archived", new { customerId = c.Id, branch = "north", archivedAt = At }, c.Id, "north", 4),
        }));
        foreach (var eventId in published)
            await Eventually.Get(() => service.InboxEntriesAsync(eventId), n => n == 1, what: "event consumed");

        foreach (var (id, owner) in customers)
            Assert.Equal((owner, "key", true), await service.ReplicaAsync(id) is { } r ? (r.OwnerId, r.Grade, r.Archived) : default);
    }
}
