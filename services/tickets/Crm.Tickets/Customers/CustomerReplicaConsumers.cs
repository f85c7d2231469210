using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.ServiceDefaults.Replicas;
using Marten;
using MassTransit;

namespace Crm.Tickets.Customers;

/// <summary>
/// Keeps the customer replica up to date from one customers event type.
/// The events of one customer may arrive in any order; <see cref="CustomerReplica.WithEvent"/> keeps the newest of each fact.
/// </summary>
public sealed class CustomerFactConsumer<T>(IDocumentStore store, TimeProvider time) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context) =>
        store.ProcessOnceAsync(context, $"tickets.{CrmEvents.Describe(typeof(T)).Name}",
            session => CustomerReplicaUpdate.ApplyAsync(session, context), time);
}

public static class CustomerReplicaUpdate
{
    /// <summary>
    /// Applies one customers event to the replica, in the consumer's transaction. The customer's
    /// record is locked until that transaction ends, so two of its events consumed at once from
    /// different queues each keep their fact.
    /// </summary>
    public static async Task<CustomerReplica> ApplyAsync<T>(IDocumentSession session, ConsumeContext<T> context) where T : class
    {
        var customerId = CustomerReplica.CustomerOf(context.Message);
        await ReplicaFacts.LockAsync(session, customerId, context.CancellationToken);
        var known = await session.LoadAsync<CustomerReplica>(customerId, context.CancellationToken);
        var next = CustomerReplica.WithEvent(known, customerId, ReplicaFacts.PositionOf(context), context.Message);
        session.Store(next);
        return next;
    }

    /// <summary>
    /// The replica's consumers for the events that only change facts. Transfers and merges have
    /// consumers of their own: they also move tickets.
    /// </summary>
    public static ConsumerRegistry ConsumeCustomerFacts(this ConsumerRegistry consumers) => consumers
        .Consume<CustomerFactConsumer<CustomerRegistered>, CustomerRegistered>()
        .Consume<CustomerFactConsumer<CustomerProfileUpdated>, CustomerProfileUpdated>()
        .Consume<CustomerFactConsumer<CustomerOwnerAssigned>, CustomerOwnerAssigned>()
        .Consume<CustomerFactConsumer<CustomerGradeChanged>, CustomerGradeChanged>()
        .Consume<CustomerFactConsumer<CustomersUnmerged>, CustomersUnmerged>();
}
