namespace Crm.Reporting.Tests;

/// <summary>Publishes ticket events as the tickets service would, each with a source position newer than the last.</summary>
internal static class TicketEvents
{
    public static async Task<Guid> TicketOpened(this ReportingService s, string branch, string category, string priority, DateTimeOffset openedAt,
        int responseTarget = 60, int resolutionTarget = 480)
    {
        var ticketId = Guid.CreateVersion7();
        await s.Publish("tickets.ticket-opened", ticketId, branch, new
        {
            ticketId, branch, customerId = Guid.CreateVersion7(), customerGrade = "normal", category, priority, channel = "phone",
            subject = $"{category} {priority}", assigneeId = (Guid?)null, responseTargetMinutes = responseTarget, resolutionTargetMinutes = resolutionTarget,
            responseDueAt = openedAt.AddMinutes(responseTarget), resolutionDueAt = openedAt.AddMinutes(resolutionTarget), openedAt,
        });
        return ticketId;
    }

    public static Task TicketResponded(this ReportingService s, Guid ticketId, string branch, int minutes, bool withinTarget, DateTimeOffset at, bool first = true) =>
        s.Publish("tickets.ticket-responded", ticketId, branch, new
        {
            ticketId, branch, respondedBy = Guid.CreateVersion7(), firstResponse = first, responseMinutes = minutes, withinTarget, respondedAt = at,
        });

    public static Task TicketResolved(this ReportingService s, Guid ticketId, string branch, int minutes, bool withinTarget, DateTimeOffset at) =>
        s.Publish("tickets.ticket-resolved", ticketId, branch, new
        {
            ticketId, branch, resolution = "fixed", resolvedBy = Guid.CreateVersion7(), resolutionMinutes = minutes, withinTarget, resolvedAt = at,
        });

    public static Task TicketReopened(this ReportingService s, Guid ticketId, string branch, DateTimeOffset at) =>
        s.Publish("tickets.ticket-reopened", ticketId, branch, new { ticketId, branch, reason = "still broken", reopenedAt = at });

    public static Task TicketEscalated(this ReportingService s, Guid ticketId, string branch, string target, DateTimeOffset at) =>
        s.Publish("tickets.ticket-escalated", ticketId, branch, new { ticketId, branch, target, assigneeId = (Guid?)null, dueAt = at.AddMinutes(-1), escalatedAt = at });

    public static Task SatisfactionRated(this ReportingService s, Guid ticketId, string branch, string category, int score, DateTimeOffset at, Guid? eventId = null, long? position = null) =>
        eventId is { } id && position is { } p
            ? s.PublishAsync("tickets.satisfaction-rated", id, ticketId, branch, p, SatisfactionBody(ticketId, branch, category, score, at))
            : s.Publish("tickets.satisfaction-rated", ticketId, branch, SatisfactionBody(ticketId, branch, category, score, at));

    private static object SatisfactionBody(Guid ticketId, string branch, string category, int score, DateTimeOffset at) =>
        new { ticketId, branch, customerId = Guid.CreateVersion7(), category, score, comment = (string?)null, ratedAt = at };
}
