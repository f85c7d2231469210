namespace Crm.Tickets.Domain;

/// <summary>
/// The ticket decider. Open tickets are answered, may wait on the customer (clocks paused) and are
/// resolved; a resolved ticket is reopened or closed, and closed is final. The customer rates a
/// resolved ticket once. Targets past due are escalated once each.
/// </summary>
public static class TicketDecider
{
    public static Ticket? Evolve(Ticket? state, object @event) => (state, @event) switch
    {
        (_, TicketOpened e) => new Ticket(e.TicketId, e.Branch, e.CustomerId, e.CustomerName, e.CustomerOwnerId, e.CustomerGrade,
            e.Category, e.Priority, e.Channel, e.Subject, e.Description, e.OpenedBy, e.OpenedAt,
            SlaClock.StartedAt(e.ResponseTargetMinutes, e.OpenedAt), SlaClock.StartedAt(e.ResolutionTargetMinutes, e.OpenedAt))
        {
            AssigneeId = e.AssigneeId,
        },
        (_, TicketTransferredIn e) => e.State,
        (null, _) => null,
        ({ } s, TicketAssigned e) => s with { AssigneeId = e.AssigneeId },
        ({ } s, TicketResponded e) => s with
        {
            Messages = [.. s.Messages, new TicketMessage(MessageKind.Response, e.Message, e.RespondedBy, e.RespondedAt)],
            RespondedAt = s.RespondedAt ?? e.RespondedAt,
            ResponseSla = s.ResponseSla.Stop(e.RespondedAt),
        },
        ({ } s, TicketCommented e) => s with { Messages = [.. s.Messages, new TicketMessage(MessageKind.Comment, e.Message, e.CommentedBy, e.CommentedAt)] },
        ({ } s, TicketWaiting e) => s with
        {
            Status = TicketStatus.Waiting, WaitingSince = e.WaitingSince, ResponseSla = s.ResponseSla.Pause(e.WaitingSince), ResolutionSla = s.ResolutionSla.Pause(e.WaitingSince),
        },
        ({ } s, TicketResumed e) => s with
        {
            Status = TicketStatus.Open, WaitingSince = null, ResponseSla = s.ResponseSla.Run(e.ResumedAt), ResolutionSla = s.ResolutionSla.Run(e.ResumedAt),
        },
        ({ } s, TicketEscalated e) when e.Target == SlaTarget.Response => s with { ResponseSla = s.ResponseSla with { Escalated = true } },
        ({ } s, TicketEscalated) => s with { ResolutionSla = s.ResolutionSla with { Escalated = true } },
        ({ } s, TicketResolved e) => s with
        {
            Status = TicketStatus.Resolved, WaitingSince = null, Resolution = e.Resolution, ResolvedAt = e.ResolvedAt,
            ResponseSla = s.ResponseSla.Stop(e.ResolvedAt), ResolutionSla = s.ResolutionSla.Stop(e.ResolvedAt),
        },
        ({ } s, TicketReopened e) => s with
        {
            Status = TicketStatus.Open, Resolution = null, ResolvedAt = null, ResolutionSla = s.ResolutionSla.Restart(e.ReopenedAt),
        },
        ({ } s, TicketClosed e) => s with { Status = TicketStatus.Closed, ClosedAt = e.ClosedAt },
        ({ } s, TicketCustomerMerged e) => s with { CustomerId = e.CustomerId, CustomerName = e.CustomerName, CustomerOwnerId = e.CustomerOwnerId },
        ({ } s, SatisfactionRated e) => s with { Satisfaction = new Satisfaction(e.Score, e.Comment, e.RatedAt) },
        _ => state,
    };

    /// <summary>Opens the ticket with its targets fixed now, from the branch's policy for its priority and the customer's grade.</summary>
    public static TicketOpened Open(OpenTicket c, SlaPolicies policies)
    {
        var policy = policies.For(c.Priority, c.CustomerGrade);
        return new TicketOpened(c.TicketId, c.Branch, c.CustomerId, c.CustomerName, c.CustomerOwnerId, c.CustomerGrade, c.Category, c.Priority,
            c.Channel, c.Subject.Trim(), string.IsNullOrWhiteSpace(c.Description) ? null : c.Description.Trim(), c.AssigneeId, c.OpenedBy,
            policy.ResponseMinutes, policy.ResolutionMinutes, c.Now);
    }

    public static Decision Assign(Ticket t, AssignTicket c)
    {
        if (t.Status == TicketStatus.Closed) return Decision.Refuse("The ticket is closed.");
        return t.AssigneeId == c.AssigneeId ? Decision.Accept() : Decision.Accept(new TicketAssigned(t.Id, c.AssigneeId, t.AssigneeId, c.Now));
    }

    /// <summary>Answering the customer; the first answer stops the response clock.</summary>
    public static Decision Respond(Ticket t, RespondToTicket c) =>
        RefuseUnlessActive(t) ?? Decision.Accept(Responded(t, c.Message.Trim(), c.By, c.Now));

    public static Decision Comment(Ticket t, CommentOnTicket c) =>
        t.Status == TicketStatus.Closed
            ? Decision.Refuse("The ticket is closed.")
            : Decision.Accept(new TicketCommented(t.Id, c.Message.Trim(), c.By, c.Now));

    public static Decision Wait(Ticket t, DateTimeOffset now) => t.Status switch
    {
        TicketStatus.Open => Decision.Accept(new TicketWaiting(t.Id, now)),
        TicketStatus.Waiting => Decision.Refuse("The ticket is already waiting on the customer."),
        _ => RefuseUnlessActive(t)!,
    };

    public static Decision Resume(Ticket t, DateTimeOffset now)
    {
        if (t.Status != TicketStatus.Waiting) return Decision.Refuse("The ticket is not waiting on the customer.");
        var paused = now - (t.WaitingSince ?? now);
        return Decision.Accept(new TicketResumed(t.Id, (int)Math.Max(0, paused.TotalMinutes), now));
    }

    /// <summary>Resolving a ticket nobody answered yet answers it with the resolution: the customer has had a response.</summary>
    public static Decision Resolve(Ticket t, ResolveTicket c)
    {
        if (RefuseUnlessActive(t) is { } refused) return refused;
        var resolution = c.Resolution.Trim();
        var clock = t.ResolutionSla;
        var resolved = new TicketResolved(t.Id, resolution, c.By, clock.ElapsedMinutes(c.Now), !clock.IsBreached(c.Now), c.Now);
        return t.RespondedAt is null ? Decision.Accept(Responded(t, resolution, c.By, c.Now), resolved) : Decision.Accept(resolved);
    }

    public static Decision Reopen(Ticket t, ReopenTicket c) => t.Status switch
    {
        TicketStatus.Resolved => Decision.Accept(new TicketReopened(t.Id, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), c.Now)),
        TicketStatus.Closed => Decision.Refuse("A closed ticket is final; open a new one."),
        _ => Decision.Refuse("Only a resolved ticket can be reopened."),
    };

    public static Decision Close(Ticket t, DateTimeOffset now) => t.Status switch
    {
        TicketStatus.Resolved => Decision.Accept(new TicketClosed(t.Id, now)),
        TicketStatus.Closed => Decision.Refuse("The ticket is already closed."),
        _ => Decision.Refuse("Resolve the ticket before closing it."),
    };

    /// <summary>
    /// A merged duplicate's tickets follow its business to the survivor; a closed ticket stays as it
    /// was served (reports map merged customers themselves). Its targets stay as fixed at open.
    /// </summary>
    public static Decision MoveToSurvivor(Ticket t, MoveToSurvivor c) =>
        t.Status == TicketStatus.Closed || t.CustomerId == c.SurvivorId
            ? Decision.Accept()
            : Decision.Accept(new TicketCustomerMerged(t.Id, c.SurvivorId, c.SurvivorName, c.SurvivorOwnerId, t.CustomerId, c.Now));

    public static Decision Rate(Ticket t, RateSatisfaction c)
    {
        if (c.Score is < 1 or > 5) return Decision.Refuse("A satisfaction score is from 1 to 5.");
        if (t.Status is not (TicketStatus.Resolved or TicketStatus.Closed)) return Decision.Refuse("The customer rates a ticket once it is resolved.");
        if (t.Satisfaction is not null) return Decision.Refuse("The customer has already rated this ticket.");
        return Decision.Accept(new SatisfactionRated(t.Id, t.CustomerId, t.Category, c.Score, string.IsNullOrWhiteSpace(c.Comment) ? null : c.Comment.Trim(), c.Now));
    }

    /// <summary>
    /// Escalates every target that is past due on a running clock and not escalated yet; refuses
    /// when there is none, so a second watcher acting on the same ticket adds nothing.
    /// </summary>
    public static Decision Escalate(Ticket t, DateTimeOffset now)
    {
        var due = Enum.GetValues<SlaTarget>()
            .Select(target => (target, clock: t.Clock(target)))
            .Where(x => x.clock is { IsRunning: true, Escalated: false } && x.clock.Elapsed(now) > x.clock.Target)
            .Select(x => (object)new TicketEscalated(t.Id, x.target, t.AssigneeId, x.clock.DueAt!.Value, now))
            .ToArray();
        return due.Length == 0 ? Decision.Refuse("No target of this ticket is past due and not yet escalated.") : Decision.Accept(due);
    }

    private static TicketResponded Responded(Ticket t, string message, Guid? by, DateTimeOffset now)
    {
        var first = t.RespondedAt is null;
        var clock = t.ResponseSla;
        return new TicketResponded(t.Id, message, by, first, first ? clock.ElapsedMinutes(now) : (int)clock.Counted.TotalMinutes,
            first ? !clock.IsBreached(now) : !clock.Overran, now);
    }

    private static Decision? RefuseUnlessActive(Ticket t) => t.Status switch
    {
        TicketStatus.Resolved => Decision.Refuse("The ticket is resolved; reopen it first."),
        TicketStatus.Closed => Decision.Refuse("The ticket is closed."),
        _ => null,
    };
}
