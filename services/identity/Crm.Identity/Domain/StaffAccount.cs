using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;

namespace Crm.Identity.Domain;

// Read model for sign-in and /api/me, kept in the same transaction as the events (inline).
public sealed record StaffAccount(
    Guid Id,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt);

// Explicit Evolve override: Marten 9 has no runtime code generation for Apply/Create conventions.
public sealed class StaffAccountProjection : SingleStreamProjection<StaffAccount, Guid>
{
    public override StaffAccount? Evolve(StaffAccount? snapshot, Guid id, IEvent e) => e.Data switch
    {
        StaffJoined joined => new StaffAccount(joined.StaffId, joined.Username, joined.Name, joined.Role,
            joined.Branch, joined.PasswordHash, joined.JoinedAt),
        _ => snapshot,
    };

    public static void Register(StoreOptions opts)
    {
        opts.Events.AddEventType<StaffJoined>();
        opts.Projections.Add<StaffAccountProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        // Events are conjoined-tenanted (branch = tenant), so their projections must be too; staff
        // streams live in the no-branch tenant. The unique index is global: a username is unique
        // across the group, and it is what makes concurrent bootstraps and duplicate joins safe.
        opts.Schema.For<StaffAccount>()
            .MultiTenanted()
            .UniqueIndex(UniqueIndexType.Computed, "ux_staff_account_username", TenancyScope.Global, x => x.Username);
    }
}
