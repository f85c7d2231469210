using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Sales.Domain;

/// <summary>Keeps every order's current state as a document, in the same transaction as its events.</summary>
public sealed class OrderProjection : SingleStreamProjection<Order, Guid>
{
    // A record transferred to another branch lives on there; the branch it left keeps only its events.
    public override Order? Evolve(Order? snapshot, Guid id, IEvent e) =>
        e.Data is OrderTransferredOut ? null : Fold(snapshot, e.Data, e.Version);

    public static Order? Fold(Order? state, object data, long version) =>
        OrderDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
