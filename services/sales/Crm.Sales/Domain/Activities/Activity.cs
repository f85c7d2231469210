namespace Crm.Sales.Domain;

public enum ActivityKind { Call, Visit, Meeting, Email, Task }

public enum ActivityStatus { Planned, Completed, Cancelled }

/// <summary>What an activity is recorded against.</summary>
public enum RegardingType { Lead, Customer, Opportunity }

/// <summary>A call, visit, meeting, email or task, planned or done (see <see cref="ActivityDecider.Evolve"/>).</summary>
public sealed record Activity(
    Guid Id,
    string Branch,
    ActivityKind Kind,
    RegardingType RegardingType,
    Guid RegardingId,
    string? Subject,
    Guid? OwnerId,
    DateTimeOffset? DueAt,
    ActivityStatus Status,
    DateTimeOffset ScheduledAt,
    string? Outcome = null,
    DateTimeOffset? CompletedAt = null,
    string? CancelReason = null) : ISalesRecord
{
    public long Version { get; init; }
}

public sealed record ScheduleActivity(
    Guid ActivityId, string Branch, ActivityKind Kind, RegardingType RegardingType, Guid RegardingId, string? Subject,
    Guid AssigneeId, DateTimeOffset? DueAt, DateTimeOffset Now);

public sealed record CompleteActivity(string Outcome, DateTimeOffset CompletedAt);

public sealed record CancelActivity(string? Reason, DateTimeOffset Now);

public sealed record AssignActivity(Guid AssigneeId, DateTimeOffset Now);

/// <summary>The activity decider: only a planned activity is completed, cancelled or handed on.</summary>
public static class ActivityDecider
{
    public static Activity? Evolve(Activity? state, object @event) => @event switch
    {
        ActivityScheduled e => new Activity(e.ActivityId, e.Branch, e.Kind, e.RegardingType, e.RegardingId, e.Subject, e.AssigneeId, e.DueAt,
            ActivityStatus.Planned, e.ScheduledAt),
        ActivityAssigned e when state is not null => state with { OwnerId = e.AssigneeId },
        ActivityCompleted e when state is not null => state with { Status = ActivityStatus.Completed, Outcome = e.Outcome, CompletedAt = e.CompletedAt },
        ActivityCancelled e when state is not null => state with { Status = ActivityStatus.Cancelled, CancelReason = e.Reason },
        CustomerMergedInto e when state is not null => state with { RegardingId = e.SurvivorId },
        ActivityTransferredIn e => e.State,
        _ => state,
    };

    public static ActivityScheduled Schedule(ScheduleActivity c) => new(
        c.ActivityId, c.Branch, c.Kind, c.RegardingType, c.RegardingId, string.IsNullOrWhiteSpace(c.Subject) ? null : c.Subject.Trim(),
        c.AssigneeId, c.DueAt, c.Now);

    public static Decision Complete(Activity a, CompleteActivity c) =>
        RefuseUnlessPlanned(a) ?? Decision.Accept(new ActivityCompleted(a.Id, c.Outcome.Trim(), c.CompletedAt));

    public static Decision Cancel(Activity a, CancelActivity c) =>
        RefuseUnlessPlanned(a) ?? Decision.Accept(new ActivityCancelled(a.Id, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), c.Now));

    public static Decision Assign(Activity a, AssignActivity c) =>
        RefuseUnlessPlanned(a) ?? Decision.Accept(new ActivityAssigned(a.Id, c.AssigneeId, a.OwnerId, c.Now));

    private static Decision? RefuseUnlessPlanned(Activity a) => a.Status switch
    {
        ActivityStatus.Completed => Decision.Refuse("The activity was already completed."),
        ActivityStatus.Cancelled => Decision.Refuse("The activity was cancelled."),
        _ => null,
    };
}
