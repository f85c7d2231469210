using Crm.Tickets.Domain;

namespace Crm.Tickets.Features;

/// <summary>
/// One target's clock as of the answer: minutes counted so far, when it falls due (null while
/// paused or stopped), whether it was met, is breached, and was escalated.
/// </summary>
public sealed record SlaResponse(int TargetMinutes, int ElapsedMinutes, DateTimeOffset? DueAt, bool Running, bool Met, bool Breached, bool Escalated)
{
    public static SlaResponse From(SlaClock clock, DateTimeOffset now)
    {
        var breached = clock.IsBreached(now);
        return new(clock.TargetMinutes, clock.ElapsedMinutes(now), clock.DueAt, clock.IsRunning, clock.Stopped && !breached, breached, clock.Escalated);
    }
}

public sealed record TicketResponse(
    Guid Id, string Branch, Guid CustomerId, string CustomerName, CustomerGrade CustomerGrade, TicketCategory Category, TicketPriority Priority,
    TicketChannel Channel, string Subject, string? Description, TicketStatus Status, Guid? AssigneeId, Guid? OpenedBy, DateTimeOffset OpenedAt,
    DateTimeOffset? RespondedAt, DateTimeOffset? WaitingSince, DateTimeOffset? ResolvedAt, string? Resolution, DateTimeOffset? ClosedAt,
    Satisfaction? Satisfaction, IReadOnlyList<TicketMessage> Messages, SlaResponse ResponseSla, SlaResponse ResolutionSla, bool Breached, long Version)
{
    /// <param name="now">The time the clocks are read at: now, or the <c>asOf</c> time asked for.</param>
    public static TicketResponse From(Ticket t, DateTimeOffset now)
    {
        var response = SlaResponse.From(t.ResponseSla, now);
        var resolution = SlaResponse.From(t.ResolutionSla, now);
        return new(t.Id, t.Branch, t.CustomerId, t.CustomerName, t.CustomerGrade, t.Category, t.Priority, t.Channel, t.Subject, t.Description,
            t.Status, t.AssigneeId, t.OpenedBy, t.OpenedAt, t.RespondedAt, t.WaitingSince, t.ResolvedAt, t.Resolution, t.ClosedAt, t.Satisfaction,
            t.Messages, response, resolution, response.Breached || resolution.Breached, t.Version);
    }
}
