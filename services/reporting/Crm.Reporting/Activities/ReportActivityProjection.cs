using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Activities;

/// <summary>Folds recorded activity events into <see cref="ReportActivity"/>, order-insensitively by source position per field group.</summary>
public sealed class ReportActivityProjection : SingleStreamProjection<ReportActivity, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportActivityProjection()
    {
        IncludeType<ActivityScheduled>();
        IncludeType<ActivityAssigned>();
        IncludeType<ActivityCompleted>();
        IncludeType<ActivityCancelled>();
    }

    public override ReportActivity? Evolve(ReportActivity? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var a = snapshot ?? new ReportActivity(id);
        a = e.Data switch
        {
            ActivityScheduled s => Status(Assignee(Branch(a, at, s.Branch), at, s.AssigneeId), at, ReportActivity.Planned, null) with
            {
                Kind = s.Kind, RegardingType = s.RegardingType, RegardingId = s.RegardingId,
            },
            ActivityAssigned s => Assignee(Branch(a, at, s.Branch), at, s.AssigneeId),
            ActivityCompleted c => Status(Branch(a, at, c.Branch), at, ReportActivity.Completed, c.CompletedAt),
            ActivityCancelled c => Status(Branch(a, at, c.Branch), at, ReportActivity.Cancelled, null),
            _ => a,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(a.SourcePosition, e);
        return a with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static ReportActivity Branch(ReportActivity a, long at, string branch) =>
        at >= a.BranchAt ? a with { Branch = branch, BranchAt = at } : a;

    private static ReportActivity Assignee(ReportActivity a, long at, Guid assignee) =>
        at >= a.AssigneeAt ? a with { AssigneeId = assignee, AssigneeAt = at } : a;

    private static ReportActivity Status(ReportActivity a, long at, string status, DateTimeOffset? completedAt) =>
        at >= a.StatusAt ? a with { Status = status, CompletedAt = completedAt, StatusAt = at } : a;
}
