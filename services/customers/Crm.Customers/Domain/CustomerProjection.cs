using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Customers.Domain;

/// <summary>Keeps the current state of every customer as a document, in the same transaction as its events.</summary>
public sealed class CustomerProjection : SingleStreamProjection<Customer, Guid>
{
    public override Customer? Evolve(Customer? snapshot, Guid id, IEvent e) => Fold(snapshot, e);

    /// <summary>One stored event applied to the state, keeping the stream version for the ETag.</summary>
    public static Customer? Fold(Customer? state, IEvent e) =>
        CustomerDecider.Evolve(state, e.Data) is { } next ? next with { Version = e.Version } : state;
}
