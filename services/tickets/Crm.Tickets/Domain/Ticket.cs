namespace Crm.Tickets.Domain;

public enum TicketCategory { Complaint, Enquiry, Service, Repair }

public enum TicketPriority { Low, Normal, High, Urgent }

public enum TicketChannel { Phone, Email, Web, Chat, Visit, Other }

public enum TicketStatus { Open, Waiting, Resolved, Closed }

/// <summary>The customer's grade as the customers service gives it; VIP customers get shorter targets.</summary>
public enum CustomerGrade { Vip, Key, Normal }

/// <summary>The two service-level targets every ticket has.</summary>
public enum SlaTarget { Response, Resolution }

/// <summary>A service ticket as its events made it (see <see cref="TicketDecider.Evolve"/>).</summary>
public sealed record Ticket(
    Guid Id,
    string Branch,
    Guid CustomerId,
    string CustomerName,
    Guid? CustomerOwnerId,
    CustomerGrade CustomerGrade,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Subject,
    string? Description,
    Guid? OpenedBy,
    DateTimeOffset OpenedAt,
    SlaClock ResponseSla,
    SlaClock ResolutionSla)
{
    public TicketStatus Status { get; init; } = TicketStatus.Open;
    public Guid? AssigneeId { get; init; }
    /// <summary>Set while the ticket waits on the customer (its clocks paused).</summary>
    public DateTimeOffset? WaitingSince { get; init; }
    public DateTimeOffset? RespondedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Resolution { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    /// <summary>Responses to the customer and internal comments, oldest first.</summary>
    public IReadOnlyList<TicketMessage> Messages { get; init; } = [];

    /// <summary>The stream version, kept by the projection, served as the ETag.</summary>
    public long Version { get; init; }

    public SlaClock Clock(SlaTarget target) => target == SlaTarget.Response ? ResponseSla : ResolutionSla;

    /// <summary>Resolved and closed tickets take no more answers; closed ones take nothing at all.</summary>
    public bool IsActive => Status is TicketStatus.Open or TicketStatus.Waiting;
}

public sealed record Satisfaction(int Score, string? Comment, DateTimeOffset RatedAt);

public enum MessageKind { Response, Comment }

public sealed record TicketMessage(MessageKind Kind, string Text, Guid? By, DateTimeOffset At);
