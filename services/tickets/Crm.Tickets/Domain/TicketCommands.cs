namespace Crm.Tickets.Domain;

// What people (and the SLA watch) ask of a ticket; each carries its time and who asks.

public sealed record OpenTicket(
    Guid TicketId, string Branch, Guid CustomerId, string CustomerName, Guid? CustomerOwnerId, CustomerGrade CustomerGrade,
    TicketCategory Category, TicketPriority Priority, TicketChannel Channel, string Subject, string? Description,
    Guid? AssigneeId, Guid? OpenedBy, DateTimeOffset Now);

public sealed record AssignTicket(Guid? AssigneeId, DateTimeOffset Now);

public sealed record RespondToTicket(string Message, Guid? By, DateTimeOffset Now);

public sealed record CommentOnTicket(string Message, Guid? By, DateTimeOffset Now);

public sealed record ResolveTicket(string Resolution, Guid? By, DateTimeOffset Now);

public sealed record ReopenTicket(string? Reason, DateTimeOffset Now);

public sealed record MoveToSurvivor(Guid SurvivorId, string SurvivorName, Guid? SurvivorOwnerId, DateTimeOffset Now);

public sealed record RateSatisfaction(int Score, string? Comment, DateTimeOffset Now);
