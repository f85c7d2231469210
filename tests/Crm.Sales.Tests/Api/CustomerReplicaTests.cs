using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class CustomerReplicaTests(SalesService service) : IClassFixture<SalesService>
{
    [Fact]
    public async Task A_registered_customer_reaches_the_replica_with_its_branch_and_owner()
    {
        var customerId = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();

        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), customerId, "east", owner, "Yuan Trading");

        var replica = await Eventually.Get(() => service.ReplicaAsync(customerId), r => r is not null, what: "customer in the replica");
        Assert.Equal((customerId, "east", "Yuan Trading", owner, (Guid?)null, "normal", false),
            (replica!.Id, replica.Branch, replica.Name, replica.OwnerId, replica.MergedInto, replica.Grade, replica.Archived));
    }

    [Fact]
    public async Task A_redelivered_registration_is_applied_once()
    {
        var eventId = Guid.CreateVersion7();
        var customerId = Guid.CreateVersion7();

        await service.PublishCustomerRegisteredAsync(eventId, customerId, "north", null);
        await service.PublishCustomerRegisteredAsync(eventId, customerId, "north", null);

        await Eventually.Get(() => service.ReplicaAsync(customerId), r => r is not null, what: "customer in the replica");
        await Eventually.Get(() => service.InboxEntriesAsync(eventId), n => n == 1, what: "the event recorded in the inbox once");
    }
}
