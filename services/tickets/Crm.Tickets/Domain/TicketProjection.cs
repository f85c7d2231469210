using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Tickets.Domain;

/// <summary>Keeps every ticket's current state as a document, in the same transaction as its events.</summary>
public sealed class TicketProjection : SingleStreamProjection<Ticket, Guid>
{
    // A ticket transferred to another branch lives on there; the branch it left keeps only its events.
    public override Ticket? Evolve(Ticket? snapshot, Guid id, IEvent e) =>
        e.Data is TicketTransferredOut ? null : Fold(snapshot, e.Data, e.Version);

    public static Ticket? Fold(Ticket? state, object data, long version) =>
        TicketDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
