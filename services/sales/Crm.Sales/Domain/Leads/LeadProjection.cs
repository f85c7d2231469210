using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Sales.Domain;

/// <summary>Keeps every lead's current state as a document, in the same transaction as its events.</summary>
public sealed class LeadProjection : SingleStreamProjection<Lead, Guid>
{
    public override Lead? Evolve(Lead? snapshot, Guid id, IEvent e) => Fold(snapshot, e.Data, e.Version);

    /// <summary>One event applied to the state, keeping the stream version for the ETag.</summary>
    public static Lead? Fold(Lead? state, object data, long version) =>
        LeadDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
