namespace Crm.Tickets.Domain;

// The ticket's stored events (private; Integration/TicketEventMapper makes the public ones).
// Every time is business time, given with the command, so imported history and replays stay exact.

public sealed record TicketOpened(
    Guid TicketId, string Branch, Guid CustomerId, string CustomerName, Guid? CustomerOwnerId, CustomerGrade CustomerGrade,
    TicketCategory Category, TicketPriority Priority, TicketChannel Channel, string Subject, string? Description,
    Guid? AssigneeId, Guid? OpenedBy, int ResponseTargetMinutes, int ResolutionTargetMinutes, DateTimeOffset OpenedAt);

public sealed record TicketAssigned(Guid TicketId, Guid? AssigneeId, Guid? PreviousAssigneeId, DateTimeOffset AssignedAt);

public sealed record TicketResponded(
    Guid TicketId, string Message, Guid? RespondedBy, bool FirstResponse, int ResponseMinutes, bool WithinTarget, DateTimeOffset RespondedAt);

public sealed record TicketCommented(Guid TicketId, string Message, Guid? CommentedBy, DateTimeOffset CommentedAt);

public sealed record TicketWaiting(Guid TicketId, DateTimeOffset WaitingSince);

public sealed record TicketResumed(Guid TicketId, int PausedMinutes, DateTimeOffset ResumedAt);

public sealed record TicketEscalated(Guid TicketId, SlaTarget Target, Guid? AssigneeId, DateTimeOffset DueAt, DateTimeOffset EscalatedAt);

public sealed record TicketResolved(
    Guid TicketId, string Resolution, Guid? ResolvedBy, int ResolutionMinutes, bool WithinTarget, DateTimeOffset ResolvedAt);

public sealed record TicketReopened(Guid TicketId, string? Reason, DateTimeOffset ReopenedAt);

public sealed record TicketClosed(Guid TicketId, DateTimeOffset ClosedAt);

/// <summary>The ticket's customer was merged into another (the survivor): the ticket now belongs to the survivor. Private: customers-merged already tells subscribers.</summary>
public sealed record TicketCustomerMerged(
    Guid TicketId, Guid CustomerId, string CustomerName, Guid? CustomerOwnerId, Guid PreviousCustomerId, DateTimeOffset MergedAt);

public sealed record SatisfactionRated(Guid TicketId, Guid CustomerId, TicketCategory Category, int Score, string? Comment, DateTimeOffset RatedAt);

/// <summary>
/// The ticket's customer was moved to another branch and the ticket, not closed, went along: its
/// stream is closed here (the projection drops it) and continued under the same id there. Not published.
/// </summary>
public sealed record TicketTransferredOut(string ToBranch);

/// <summary>Continues a transferred ticket in its new branch with the state it had, assigned to nobody until the branch head assigns it.</summary>
public sealed record TicketTransferredIn(string FromBranch, Ticket State, DateTimeOffset TransferredAt);
