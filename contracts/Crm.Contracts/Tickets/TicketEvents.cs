namespace Crm.Contracts.Tickets;

// Service ticket events. Times in the body are business time (when it happened for the customer);
// enums travel as the same lower-case words the API uses. Minutes are SLA minutes: calendar minutes
// with the time spent waiting on the customer left out.

/// <summary>
/// A customer's complaint, enquiry, service or repair request was opened. The SLA targets are fixed
/// here, from the branch's policy for the ticket's priority and the customer's grade at that moment.
/// <c>Category</c>: complaint, enquiry, service, repair; <c>Priority</c>: low, normal, high, urgent;
/// <c>Channel</c>: phone, email, web, chat, visit, other; <c>CustomerGrade</c>: vip, key, normal.
/// </summary>
[IntegrationEvent("tickets", "ticket-opened")]
public sealed record TicketOpened(
    Guid TicketId, string Branch, Guid CustomerId, string CustomerGrade, string Category, string Priority, string Channel,
    string Subject, Guid? AssigneeId, int ResponseTargetMinutes, int ResolutionTargetMinutes,
    DateTimeOffset ResponseDueAt, DateTimeOffset ResolutionDueAt, DateTimeOffset OpenedAt);

/// <summary>The ticket was given to a service agent; <c>AssigneeId</c> null puts it back in the branch's queue.</summary>
[IntegrationEvent("tickets", "ticket-assigned")]
public sealed record TicketAssigned(Guid TicketId, string Branch, Guid? AssigneeId, Guid? PreviousAssigneeId, DateTimeOffset AssignedAt);

/// <summary>
/// Someone answered the customer. The first response stops the response clock: <c>FirstResponse</c>
/// says whether this was it, <c>ResponseMinutes</c> how long it took and <c>WithinTarget</c> whether in time.
/// </summary>
[IntegrationEvent("tickets", "ticket-responded")]
public sealed record TicketResponded(
    Guid TicketId, string Branch, Guid? RespondedBy, bool FirstResponse, int ResponseMinutes, bool WithinTarget, DateTimeOffset RespondedAt);

/// <summary>An internal note on the ticket (not sent to the customer).</summary>
[IntegrationEvent("tickets", "ticket-commented")]
public sealed record TicketCommented(Guid TicketId, string Branch, Guid? CommentedBy, string Message, DateTimeOffset CommentedAt);

/// <summary>The ticket waits on the customer: its SLA clocks are paused until it resumes.</summary>
[IntegrationEvent("tickets", "ticket-waiting")]
public sealed record TicketWaiting(Guid TicketId, string Branch, DateTimeOffset WaitingSince);

/// <summary>The customer answered: the SLA clocks run again; <c>PausedMinutes</c> did not count.</summary>
[IntegrationEvent("tickets", "ticket-resumed")]
public sealed record TicketResumed(Guid TicketId, string Branch, int PausedMinutes, DateTimeOffset ResumedAt);

/// <summary>
/// A target passed before it was met: <c>Target</c> is response or resolution, <c>DueAt</c> when it
/// was due. Each target of a ticket is escalated at most once.
/// </summary>
[IntegrationEvent("tickets", "ticket-escalated")]
public sealed record TicketEscalated(Guid TicketId, string Branch, string Target, Guid? AssigneeId, DateTimeOffset DueAt, DateTimeOffset EscalatedAt);

/// <summary>The ticket was resolved; the resolution clock stops (<c>ResolutionMinutes</c>, <c>WithinTarget</c>).</summary>
[IntegrationEvent("tickets", "ticket-resolved")]
public sealed record TicketResolved(
    Guid TicketId, string Branch, string Resolution, Guid? ResolvedBy, int ResolutionMinutes, bool WithinTarget, DateTimeOffset ResolvedAt);

/// <summary>A resolved ticket was not done after all: the resolution clock runs again from here.</summary>
[IntegrationEvent("tickets", "ticket-reopened")]
public sealed record TicketReopened(Guid TicketId, string Branch, string? Reason, DateTimeOffset ReopenedAt);

/// <summary>A resolved ticket was closed; it takes no more work.</summary>
[IntegrationEvent("tickets", "ticket-closed")]
public sealed record TicketClosed(Guid TicketId, string Branch, DateTimeOffset ClosedAt);

/// <summary>The customer rated the service on a resolved ticket, once: <c>Score</c> 1 (poor) to 5 (excellent).</summary>
[IntegrationEvent("tickets", "satisfaction-rated")]
public sealed record SatisfactionRated(Guid TicketId, string Branch, Guid CustomerId, string Category, int Score, string? Comment, DateTimeOffset RatedAt);
