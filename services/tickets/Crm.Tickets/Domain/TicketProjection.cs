using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Tickets.Domain;

/// <summary>Keeps every ticket's current state as a document, in the same transaction as its events.</summary>
public sealed class TicketProjection : SingleStreamProjection<Ticket, Guid>
{
    public override Ticket? Evolve(Ticket? snapshot, Guid id, IEvent e) => Fold(snapshot, e.Data, e.Version);

    public static Ticket? Fold(Ticket? state, object data, long version) =>
        TicketDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
