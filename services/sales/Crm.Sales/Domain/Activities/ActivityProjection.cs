using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Sales.Domain;

/// <summary>Keeps every activity's current state as a document, in the same transaction as its events.</summary>
public sealed class ActivityProjection : SingleStreamProjection<Activity, Guid>
{
    // A record transferred to another branch lives on there; the branch it left keeps only its events.
    public override Activity? Evolve(Activity? snapshot, Guid id, IEvent e) =>
        e.Data is ActivityTransferredOut ? null : Fold(snapshot, e.Data, e.Version);

    public static Activity? Fold(Activity? state, object data, long version) =>
        ActivityDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
