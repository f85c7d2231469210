using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Tickets.Customers;

/// <summary>Keeps the replica's owner current: a rep opens tickets only for the customers they own.</summary>
public sealed class CustomerOwnerAssignedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerOwnerAssigned>
{
    public Task Consume(ConsumeContext<CustomerOwnerAssigned> context) =>
        store.ProcessOnceAsync(context, "tickets.customer-owner-assigned", async session =>
        {
            var e = context.Message;
            // Arriving before the registration it follows, there is nothing to keep the owner on yet;
            // the registration then brings the owner of its own time and the customers service is asked on a miss.
            if (await session.LoadAsync<CustomerReplica>(e.CustomerId, context.CancellationToken) is { } known)
                session.Store(known with { OwnerId = e.OwnerId });
        }, time);
}
