using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Sales.Domain;

/// <summary>Keeps every opportunity's current state as a document, in the same transaction as its events.</summary>
public sealed class OpportunityProjection : SingleStreamProjection<Opportunity, Guid>
{
    // A record transferred to another branch lives on there; the branch it left keeps only its events.
    public override Opportunity? Evolve(Opportunity? snapshot, Guid id, IEvent e) =>
        e.Data is OpportunityTransferredOut ? null : Fold(snapshot, e.Data, e.Version);

    public static Opportunity? Fold(Opportunity? state, object data, long version) =>
        OpportunityDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
