namespace Crm.Contracts.Sales;

/// <summary>
/// A call, visit, meeting, email or task was planned against a lead, customer or opportunity.
/// <c>Kind</c>: call, visit, meeting, email, task; <c>RegardingType</c>: lead, customer, opportunity.
/// </summary>
[IntegrationEvent("sales", "activity-scheduled")]
public sealed record ActivityScheduled(
    Guid ActivityId, string Branch, string Kind, string RegardingType, Guid RegardingId, string? Subject,
    Guid AssigneeId, DateTimeOffset? DueAt, DateTimeOffset ScheduledAt);

/// <summary>A planned activity was handed to another rep.</summary>
[IntegrationEvent("sales", "activity-assigned")]
public sealed record ActivityAssigned(Guid ActivityId, string Branch, Guid AssigneeId, Guid? PreviousAssigneeId, DateTimeOffset AssignedAt);

/// <summary>An activity happened (<c>CompletedAt</c> is business time), with its outcome.</summary>
[IntegrationEvent("sales", "activity-completed")]
public sealed record ActivityCompleted(Guid ActivityId, string Branch, string Outcome, DateTimeOffset CompletedAt);

/// <summary>A planned activity will not happen.</summary>
[IntegrationEvent("sales", "activity-cancelled")]
public sealed record ActivityCancelled(Guid ActivityId, string Branch, string? Reason, DateTimeOffset CancelledAt);
