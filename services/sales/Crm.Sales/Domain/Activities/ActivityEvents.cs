namespace Crm.Sales.Domain;

// The activity's stored events. Completion time is business time (when the call happened), not
// when it was stored, so imported history counts for follow-up and rep-activity reports.

public sealed record ActivityScheduled(
    Guid ActivityId, string Branch, ActivityKind Kind, RegardingType RegardingType, Guid RegardingId, string? Subject,
    Guid AssigneeId, DateTimeOffset? DueAt, DateTimeOffset ScheduledAt);

public sealed record ActivityAssigned(Guid ActivityId, Guid AssigneeId, Guid? PreviousAssigneeId, DateTimeOffset AssignedAt);

public sealed record ActivityCompleted(Guid ActivityId, string Outcome, DateTimeOffset CompletedAt);

public sealed record ActivityCancelled(Guid ActivityId, string? Reason, DateTimeOffset CancelledAt);
