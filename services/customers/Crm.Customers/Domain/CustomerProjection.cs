using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Customers.Domain;

/// <summary>Keeps the current state of every customer as a document, in the same transaction as its events.</summary>
public sealed class CustomerProjection : SingleStreamProjection<Customer, Guid>
{
    public override Customer? Evolve(Customer? snapshot, Guid id, IEvent e) =>
        CustomerDecider.Evolve(snapshot, e.Data) is { } next ? next with { Version = e.Version } : null;
}
