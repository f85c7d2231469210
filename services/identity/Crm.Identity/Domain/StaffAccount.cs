using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;

namespace Crm.Identity.Domain;

// Read model for sign-in, /api/me and the staff lists, kept in the same transaction as the events (inline).
public sealed record StaffAccount(
    Guid Id,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt)
{
    public StaffStatus Status { get; init; } = StaffStatus.Active;
    public DateTimeOffset? LastSignedInAt { get; init; }
    /// <summary>The stream version, served as the ETag.</summary>
    public long Version { get; init; }

    public bool MaySignIn => Status == StaffStatus.Active;
}

// Explicit Evolve override: Marten 9 has no runtime code generation for Apply/Create conventions.
public sealed class StaffAccountProjection : SingleStreamProjection<StaffAccount, Guid>
{
    public override StaffAccount? Evolve(StaffAccount? snapshot, Guid id, IEvent e)
    {
        var next = (snapshot, e.Data) switch
        {
            (_, StaffJoined joined) => new StaffAccount(joined.StaffId, joined.Username, joined.Name, joined.Role,
                joined.Branch, joined.PasswordHash, joined.JoinedAt),
            (null, _) => null,
            (_, StaffRoleChanged changed) => snapshot with { Role = changed.Role, Branch = changed.Branch },
            (_, StaffFrozen) => snapshot with { Status = StaffStatus.Frozen },
            (_, StaffUnfrozen) => snapshot with { Status = StaffStatus.Active },
            (_, StaffPasswordChanged changed) => snapshot with { PasswordHash = changed.PasswordHash },
            (_, StaffLeft) => snapshot with { Status = StaffStatus.Left },
            (_, StaffSignedIn signedIn) => snapshot with { LastSignedInAt = signedIn.SignedInAt },
            _ => snapshot,
        };
        return next is null ? null : next with { Version = e.Version };
    }

    public static void Register(StoreOptions opts)
    {
        opts.Events.AddEventType<StaffJoined>();
        opts.Events.AddEventType<StaffRoleChanged>();
        opts.Events.AddEventType<StaffFrozen>();
        opts.Events.AddEventType<StaffUnfrozen>();
        opts.Events.AddEventType<StaffPasswordChanged>();
        opts.Events.AddEventType<StaffLeft>();
        opts.Events.AddEventType<StaffSignedIn>();
        opts.Projections.Add<StaffAccountProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        // Events are conjoined-tenanted (branch = tenant), so their projections must be too; staff
        // streams live in the no-branch tenant. The unique index is global: a username is unique
        // across the group, and it is what makes concurrent bootstraps and duplicate joins safe.
        opts.Schema.For<StaffAccount>()
            .MultiTenanted()
            .UniqueIndex(UniqueIndexType.Computed, "ux_staff_account_username", TenancyScope.Global, x => x.Username);
    }
}
