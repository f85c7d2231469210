using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Public = Crm.Contracts.Tickets;

namespace Crm.Tickets.Integration;

/// <summary>The one translation of the tickets service's stored events into the public catalogue.</summary>
public sealed class TicketEventMapper : IIntegrationEventMapper
{
    public object? Map(IEvent stored)
    {
        var branch = stored.TenantId;
        return stored.Data switch
        {
            Domain.TicketOpened e => new Public.TicketOpened(e.TicketId, e.Branch, e.CustomerId, Word(e.CustomerGrade), Word(e.Category), Word(e.Priority),
                Word(e.Channel), e.Subject, e.AssigneeId, e.ResponseTargetMinutes, e.ResolutionTargetMinutes,
                e.OpenedAt.AddMinutes(e.ResponseTargetMinutes), e.OpenedAt.AddMinutes(e.ResolutionTargetMinutes), e.OpenedAt),
            Domain.TicketAssigned e => new Public.TicketAssigned(e.TicketId, branch, e.AssigneeId, e.PreviousAssigneeId, e.AssignedAt),
            Domain.TicketResponded e => new Public.TicketResponded(e.TicketId, branch, e.RespondedBy, e.FirstResponse, e.ResponseMinutes, e.WithinTarget, e.RespondedAt),
            Domain.TicketCommented e => new Public.TicketCommented(e.TicketId, branch, e.CommentedBy, e.Message, e.CommentedAt),
            Domain.TicketWaiting e => new Public.TicketWaiting(e.TicketId, branch, e.WaitingSince),
            Domain.TicketResumed e => new Public.TicketResumed(e.TicketId, branch, e.PausedMinutes, e.ResumedAt),
            Domain.TicketEscalated e => new Public.TicketEscalated(e.TicketId, branch, Word(e.Target), e.AssigneeId, e.DueAt, e.EscalatedAt),
            Domain.TicketResolved e => new Public.TicketResolved(e.TicketId, branch, e.Resolution, e.ResolvedBy, e.ResolutionMinutes, e.WithinTarget, e.ResolvedAt),
            Domain.TicketReopened e => new Public.TicketReopened(e.TicketId, branch, e.Reason, e.ReopenedAt),
            Domain.TicketClosed e => new Public.TicketClosed(e.TicketId, branch, e.ClosedAt),
            Domain.SatisfactionRated e => new Public.SatisfactionRated(e.TicketId, branch, e.CustomerId, Word(e.Category), e.Score, e.Comment, e.RatedAt),
            _ => null,
        };
    }

    // Public contracts carry enums as the same lower-case words the API uses.
    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
