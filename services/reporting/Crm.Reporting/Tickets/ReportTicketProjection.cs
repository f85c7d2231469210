using Crm.Contracts.Tickets;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Tickets;

/// <summary>
/// Folds recorded ticket events into <see cref="ReportTicket"/>. Order-insensitive: the branch (a
/// ticket moves with its customer) and the resolution (resolved, reopened, resolved again) change only
/// for an event newer at its source than the one that set them; the first response, escalations and
/// the rating happen once each and are kept whenever they arrive.
/// </summary>
public sealed class ReportTicketProjection : SingleStreamProjection<ReportTicket, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportTicketProjection()
    {
        IncludeType<TicketOpened>();
        IncludeType<TicketAssigned>();
        IncludeType<TicketResponded>();
        IncludeType<TicketEscalated>();
        IncludeType<TicketResolved>();
        IncludeType<TicketReopened>();
        IncludeType<TicketClosed>();
        IncludeType<SatisfactionRated>();
    }

    public override ReportTicket? Evolve(ReportTicket? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var t = snapshot ?? new ReportTicket(id);
        t = e.Data switch
        {
            TicketOpened o => Branch(t, at, o.Branch) with
            {
                Opened = true, CustomerId = o.CustomerId, CustomerGrade = o.CustomerGrade, Category = o.Category, Priority = o.Priority,
                Channel = o.Channel, OpenedAt = o.OpenedAt, ResponseTargetMinutes = o.ResponseTargetMinutes, ResolutionTargetMinutes = o.ResolutionTargetMinutes,
            },
            TicketAssigned x => Branch(t, at, x.Branch),
            TicketResponded r when r.FirstResponse => Branch(t, at, r.Branch) with
            {
                RespondedAt = r.RespondedAt, ResponseMinutes = r.ResponseMinutes, RespondedWithinTarget = r.WithinTarget,
            },
            TicketResponded r => Branch(t, at, r.Branch),
            TicketEscalated x => Escalated(Branch(t, at, x.Branch), x),
            TicketResolved r => at >= t.ResolutionAt
                ? Branch(t, at, r.Branch) with
                {
                    Resolved = true, ResolvedAt = r.ResolvedAt, ResolutionMinutes = r.ResolutionMinutes, ResolvedWithinTarget = r.WithinTarget, ResolutionAt = at,
                }
                : Branch(t, at, r.Branch),
            TicketReopened x => at >= t.ResolutionAt
                ? Branch(t, at, x.Branch) with { Resolved = false, ResolvedAt = null, ResolutionMinutes = null, ResolvedWithinTarget = null, ResolutionAt = at }
                : Branch(t, at, x.Branch),
            TicketClosed x => Branch(t, at, x.Branch) with { Closed = true },
            SatisfactionRated s => Branch(t, at, s.Branch) with
            {
                SatisfactionScore = s.Score, RatedAt = s.RatedAt,
                CustomerId = t.Opened ? t.CustomerId : s.CustomerId, Category = t.Opened ? t.Category : s.Category,
            },
            _ => t,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(t.SourcePosition, e);
        return t with
        {
            Escalations = (t.ResponseEscalatedAt is null ? 0 : 1) + (t.ResolutionEscalatedAt is null ? 0 : 1),
            SourcePosition = position, OccurredAt = occurred, AppliedAt = applied,
        };
    }

    private static ReportTicket Branch(ReportTicket t, long at, string branch) =>
        at >= t.BranchAt ? t with { Branch = branch, BranchAt = at } : t;

    private static ReportTicket Escalated(ReportTicket t, TicketEscalated x) => x.Target switch
    {
        "response" => t with { ResponseEscalatedAt = t.ResponseEscalatedAt ?? x.EscalatedAt },
        "resolution" => t with { ResolutionEscalatedAt = t.ResolutionEscalatedAt ?? x.EscalatedAt },
        _ => t,
    };
}
