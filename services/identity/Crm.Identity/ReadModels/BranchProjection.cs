using Crm.Identity.Domain;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;

namespace Crm.Identity.ReadModels;

/// <summary>Every branch as a document, updated in the same transaction as its events.</summary>
public sealed class BranchProjection : SingleStreamProjection<Branch, Guid>
{
    public override Branch? Evolve(Branch? snapshot, Guid id, IEvent e) =>
        BranchDecider.Evolve(snapshot, e.Data) is { } next ? next with { Version = e.Version } : null;

    public static void Register(StoreOptions opts)
    {
        opts.Events.AddEventType<BranchOpened>();
        opts.Projections.Add<BranchProjection>(ProjectionLifecycle.Inline);
        // Branches are group configuration, stored in the no-branch tenant like staff.
        opts.Schema.For<Branch>()
            .MultiTenanted()
            .UniqueIndex(UniqueIndexType.Computed, "ux_branch_code", TenancyScope.Global, x => x.Code);
    }
}
