using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.ServiceDefaults.Replicas;
using Marten;
using MassTransit;

namespace Crm.Sales.Customers;

/// <summary>
/// Keeps the customer replica up to date from one customers event type.
/// The events of one customer may arrive in any order; <see cref="CustomerReplica.WithEvent"/> keeps the newest of each fact.
/// </summary>
public sealed class CustomerFactConsumer<T>(IDocumentStore store, TimeProvider time) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context) =>
        store.ProcessOnceAsync(context, $"sales.{CrmEvents.Describe(typeof(T)).Name}",
            session => CustomerReplicaUpdate.ApplyAsync(session, context), time);
}

public static class CustomerReplicaUpdate
{
    /// <summary>Applies one customers event to the replica, in the consumer's transaction.</summary>
    public static async Task<CustomerReplica> ApplyAsync<T>(IDocumentSession session, ConsumeContext<T> context) where T : class
    {
        var customerId = CustomerOf(context.Message);
        await ReplicaFacts.LockAsync(session, customerId, context.CancellationToken);
        var known = await session.LoadAsync<CustomerReplica>(customerId, context.CancellationToken);
        var next = CustomerReplica.WithEvent(known, customerId, ReplicaFacts.PositionOf(context), context.Message);
        session.Store(next);
        return next;
    }

    private static Guid CustomerOf(object e) => e switch
    {
        CustomerRegistered x => x.CustomerId,
        CustomerProfileUpdated x => x.CustomerId,
        CustomerOwnerAssigned x => x.CustomerId,
        CustomerGradeChanged x => x.CustomerId,
        CustomerArchived x => x.CustomerId,
        CustomerRestored x => x.CustomerId,
        CustomerTransferred x => x.CustomerId,
        CustomersMerged x => x.DuplicateId,
        CustomersUnmerged x => x.DuplicateId,
        _ => throw new ArgumentException($"{e.GetType().Name} names no customer sales keeps.", nameof(e)),
    };
}
