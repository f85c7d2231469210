using Crm.Contracts.Identity;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Staff;

/// <summary>
/// Folds recorded staff events into <see cref="ReportStaff"/>. Sign-ins keep the latest time and
/// leaving is final, so the order the events arrive in does not matter.
/// </summary>
public sealed class ReportStaffProjection : SingleStreamProjection<ReportStaff, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportStaffProjection()
    {
        IncludeType<StaffJoined>();
        IncludeType<StaffRoleChanged>();
        IncludeType<StaffSignedIn>();
        IncludeType<StaffLeft>();
    }

    public override ReportStaff? Evolve(ReportStaff? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var s = snapshot ?? new ReportStaff(id);
        s = e.Data switch
        {
            StaffJoined j => Role(s, at, j.Role, j.Branch) with { Joined = true, Username = j.Username, Name = j.Name, JoinedAt = j.JoinedAt, LastSeenAt = Later(s.LastSeenAt, j.JoinedAt) },
            StaffRoleChanged r => Role(s, at, r.Role, r.Branch),
            StaffSignedIn i => s with { LastSignInAt = Later(s.LastSignInAt, i.SignedInAt), LastSeenAt = Later(s.LastSeenAt, i.SignedInAt) },
            StaffLeft => s with { Left = true },
            _ => s,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(s.SourcePosition, e);
        return s with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static DateTimeOffset Later(DateTimeOffset? known, DateTimeOffset time) => known is { } k && k > time ? k : time;

    private static ReportStaff Role(ReportStaff s, long at, string role, string? branch) =>
        at >= s.RoleAt ? s with { Role = role, Branch = branch, RoleAt = at } : s;
}

/// <summary>Folds branch-opened into <see cref="ReportBranch"/>.</summary>
public sealed class ReportBranchProjection : SingleStreamProjection<ReportBranch, Guid>
{
    /// <summary>Only the streams of opened branches make a row.</summary>
    public ReportBranchProjection() => IncludeType<BranchOpened>();

    public override ReportBranch? Evolve(ReportBranch? snapshot, Guid id, IEvent e)
    {
        var b = snapshot ?? new ReportBranch(id);
        if (e.Data is BranchOpened o) b = b with { Code = o.Branch, Name = o.Name, TimeZone = BranchCalendar.KnownOrDefault(o.TimeZone) };
        var (position, occurred, applied) = ProjectionLag.Stamp(b.SourcePosition, e);
        return b with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }
}
