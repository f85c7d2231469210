using Crm.Tickets.Domain;

namespace Crm.Tickets.Tests.Domain;

/// <summary>Given past events, when a command at a given time, then the events (or the refusal). The clock is the command's time.</summary>
public class TicketDeciderTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Agent = Guid.CreateVersion7();

    private static DateTimeOffset At(int minutes) => Opened.AddMinutes(minutes);

    private static TicketOpened AnOpenedTicket(TicketPriority priority = TicketPriority.Urgent, CustomerGrade grade = CustomerGrade.Normal) =>
        TicketDecider.Open(new OpenTicket(Guid.CreateVersion7(), "north", Guid.CreateVersion7(), "Hengda Electrical", null, grade,
            TicketCategory.Complaint, priority, TicketChannel.Phone, " Broken cable reel ", null, Agent, Agent, Opened), SlaPolicies.Default);

    private static Ticket Given(params object[] events) => events.Aggregate((Ticket?)null, TicketDecider.Evolve)!;

    private static Ticket After(Ticket t, Decision d) => d.Events.Aggregate((Ticket?)t, TicketDecider.Evolve)!;

    [Theory]
    [InlineData(TicketPriority.Urgent, CustomerGrade.Normal, 30, 240)]
    [InlineData(TicketPriority.High, CustomerGrade.Key, 60, 480)]
    [InlineData(TicketPriority.Normal, CustomerGrade.Normal, 240, 1440)]
    [InlineData(TicketPriority.Low, CustomerGrade.Normal, 480, 2880)]
    [InlineData(TicketPriority.Urgent, CustomerGrade.Vip, 15, 120)]
    [InlineData(TicketPriority.Low, CustomerGrade.Vip, 240, 1440)]
    public void Opening_fixes_the_targets_for_the_priority_and_grade(TicketPriority priority, CustomerGrade grade, int response, int resolution)
    {
        var opened = AnOpenedTicket(priority, grade);

        Assert.Equal((response, resolution), (opened.ResponseTargetMinutes, opened.ResolutionTargetMinutes));
        Assert.Equal("Broken cable reel", opened.Subject);
    }

    [Fact]
    public void A_branch_policy_replaces_the_default_targets()
    {
        var policies = new SlaPolicies(SlaPolicies.DocumentId, [new SlaPolicy(TicketPriority.Urgent, CustomerGrade.Vip, 5, 60)]);

        var opened = TicketDecider.Open(new OpenTicket(Guid.CreateVersion7(), "north", Guid.CreateVersion7(), "Hengda", null, CustomerGrade.Vip,
            TicketCategory.Repair, TicketPriority.Urgent, TicketChannel.Web, "Down", null, null, null, Opened), policies);

        Assert.Equal((5, 60), (opened.ResponseTargetMinutes, opened.ResolutionTargetMinutes));
    }

    [Fact]
    public void An_open_ticket_falls_due_at_its_targets_and_breaches_after_them()
    {
        var ticket = Given(AnOpenedTicket());

        Assert.Equal(At(30), ticket.ResponseSla.DueAt);
        Assert.Equal(At(240), ticket.ResolutionSla.DueAt);
        Assert.False(ticket.ResponseSla.IsBreached(At(30)));
        Assert.True(ticket.ResponseSla.IsBreached(At(31)));
    }

    [Fact]
    public void The_first_response_stops_the_response_clock()
    {
        var ticket = Given(AnOpenedTicket());

        var decision = TicketDecider.Respond(ticket, new RespondToTicket("We are on it", Agent, At(20)));
        var responded = Assert.IsType<TicketResponded>(Assert.Single(decision.Events));
        var after = After(ticket, decision);

        Assert.Equal((true, 20, true), (responded.FirstResponse, responded.ResponseMinutes, responded.WithinTarget));
        Assert.Null(after.ResponseSla.DueAt);
        Assert.False(after.ResponseSla.IsBreached(At(500)));
        Assert.Equal(At(20), after.RespondedAt);
    }

    [Fact]
    public void Waiting_on_the_customer_does_not_count()
    {
        var ticket = Given(AnOpenedTicket());
        ticket = After(ticket, TicketDecider.Wait(ticket, At(10)));

        Assert.Equal(TicketStatus.Waiting, ticket.Status);
        Assert.False(ticket.ResponseSla.IsBreached(At(600)));
        Assert.Null(ticket.ResponseSla.DueAt);

        var resumed = TicketDecider.Resume(ticket, At(70));
        Assert.Equal(60, Assert.IsType<TicketResumed>(Assert.Single(resumed.Events)).PausedMinutes);
        ticket = After(ticket, resumed);

        Assert.Equal(At(90), ticket.ResponseSla.DueAt);
        Assert.Equal(At(300), ticket.ResolutionSla.DueAt);
        Assert.False(ticket.ResponseSla.IsBreached(At(90)));
        Assert.True(ticket.ResponseSla.IsBreached(At(91)));
    }

    [Fact]
    public void Waiting_twice_or_resuming_a_ticket_that_does_not_wait_is_refused()
    {
        var ticket = Given(AnOpenedTicket());
        var waiting = After(ticket, TicketDecider.Wait(ticket, At(1)));

        Assert.True(TicketDecider.Wait(waiting, At(2)).IsRefused);
        Assert.True(TicketDecider.Resume(ticket, At(2)).IsRefused);
    }

    [Fact]
    public void Reopening_runs_the_resolution_clock_on_from_where_it_stopped()
    {
        var ticket = Given(AnOpenedTicket());
        ticket = After(ticket, TicketDecider.Resolve(ticket, new ResolveTicket("Replaced the reel", Agent, At(100))));
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        Assert.False(ticket.ResolutionSla.IsBreached(At(1000)));

        ticket = After(ticket, TicketDecider.Reopen(ticket, new ReopenTicket("Still broken", At(1000))));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(At(1140), ticket.ResolutionSla.DueAt);
        Assert.Null(ticket.ResponseSla.DueAt);
    }

    [Fact]
    public void Resolving_an_unanswered_ticket_answers_it_with_the_resolution()
    {
        var ticket = Given(AnOpenedTicket());

        var decision = TicketDecider.Resolve(ticket, new ResolveTicket("Reset the breaker", Agent, At(45)));

        Assert.Collection(decision.Events,
            e => Assert.Equal((true, 45, false), (((TicketResponded)e).FirstResponse, ((TicketResponded)e).ResponseMinutes, ((TicketResponded)e).WithinTarget)),
            e => Assert.Equal((45, true), (((TicketResolved)e).ResolutionMinutes, ((TicketResolved)e).WithinTarget)));
    }

    [Fact]
    public void A_resolved_ticket_takes_no_answers_and_a_closed_one_is_final()
    {
        var ticket = Given(AnOpenedTicket());
        var resolved = After(ticket, TicketDecider.Resolve(ticket, new ResolveTicket("Fixed", Agent, At(5))));
        var closed = After(resolved, TicketDecider.Close(resolved, At(6)));

        Assert.True(TicketDecider.Respond(resolved, new RespondToTicket("More", Agent, At(7))).IsRefused);
        Assert.True(TicketDecider.Wait(resolved, At(7)).IsRefused);
        Assert.True(TicketDecider.Reopen(closed, new ReopenTicket(null, At(7))).IsRefused);
        Assert.True(TicketDecider.Comment(closed, new CommentOnTicket("note", Agent, At(7))).IsRefused);
        Assert.True(TicketDecider.Assign(closed, new AssignTicket(Guid.CreateVersion7(), At(7))).IsRefused);
        Assert.True(TicketDecider.Close(closed, At(7)).IsRefused);
        Assert.True(TicketDecider.Close(ticket, At(7)).IsRefused);
    }

    [Fact]
    public void Satisfaction_is_rated_once_and_only_after_resolution()
    {
        var ticket = Given(AnOpenedTicket());
        Assert.True(TicketDecider.Rate(ticket, new RateSatisfaction(5, null, At(1))).IsRefused);

        var resolved = After(ticket, TicketDecider.Resolve(ticket, new ResolveTicket("Fixed", Agent, At(5))));
        var rated = TicketDecider.Rate(resolved, new RateSatisfaction(4, " quick ", At(6)));

        Assert.Equal(new SatisfactionRated(ticket.Id, ticket.CustomerId, TicketCategory.Complaint, 4, "quick", At(6)), Assert.Single(rated.Events));
        Assert.True(TicketDecider.Rate(After(resolved, rated), new RateSatisfaction(5, null, At(7))).IsRefused);
    }

    [Fact]
    public void A_breached_target_is_escalated_once()
    {
        var ticket = Given(AnOpenedTicket());
        Assert.True(TicketDecider.Escalate(ticket, At(30)).IsRefused);

        var decision = TicketDecider.Escalate(ticket, At(31));
        var escalated = Assert.IsType<TicketEscalated>(Assert.Single(decision.Events));
        Assert.Equal((SlaTarget.Response, At(30), At(31)), (escalated.Target, escalated.DueAt, escalated.EscalatedAt));

        ticket = After(ticket, decision);
        Assert.True(TicketDecider.Escalate(ticket, At(32)).IsRefused);
        Assert.True(ticket.ResponseSla.IsBreached(At(32)));

        var later = TicketDecider.Escalate(ticket, At(241));
        Assert.Equal(SlaTarget.Resolution, Assert.IsType<TicketEscalated>(Assert.Single(later.Events)).Target);
    }

    [Fact]
    public void An_answer_given_in_business_time_within_the_target_meets_it_even_after_a_wall_clock_escalation()
    {
        // Imported history: the watch escalated the unanswered ticket before the import said when it was answered.
        var ticket = Given(AnOpenedTicket());
        ticket = After(ticket, TicketDecider.Escalate(ticket, At(600)));

        var answered = TicketDecider.Respond(ticket, new RespondToTicket("On the way", Agent, At(10)));

        var responded = Assert.IsType<TicketResponded>(Assert.Single(answered.Events));
        Assert.Equal((10, true), (responded.ResponseMinutes, responded.WithinTarget));
        var after = After(ticket, answered);
        Assert.True(after.ResponseSla.Escalated);
        Assert.False(after.ResponseSla.IsBreached(At(600)));
        Assert.True(after.ResolutionSla.IsBreached(At(600)));
    }

    [Fact]
    public void An_answer_given_in_business_time_past_the_target_breaches_it()
    {
        var ticket = Given(AnOpenedTicket());

        var answered = TicketDecider.Respond(ticket, new RespondToTicket("Sorry for the wait", Agent, At(45)));

        var responded = Assert.IsType<TicketResponded>(Assert.Single(answered.Events));
        Assert.Equal((45, false), (responded.ResponseMinutes, responded.WithinTarget));
        Assert.True(After(ticket, answered).ResponseSla.IsBreached(At(46)));
    }

    [Fact]
    public void A_paused_clock_does_not_breach()
    {
        var ticket = Given(AnOpenedTicket());
        ticket = After(ticket, TicketDecider.Wait(ticket, At(29)));

        Assert.True(TicketDecider.Escalate(ticket, At(5000)).IsRefused);
    }

    [Fact]
    public void Both_targets_past_due_are_escalated_together()
    {
        var ticket = Given(AnOpenedTicket());

        var decision = TicketDecider.Escalate(ticket, At(300));

        Assert.Equal([SlaTarget.Response, SlaTarget.Resolution], decision.Events.Cast<TicketEscalated>().Select(e => e.Target));
    }

    [Fact]
    public void Assigning_to_the_current_assignee_changes_nothing()
    {
        var ticket = Given(AnOpenedTicket());
        var other = Guid.CreateVersion7();

        Assert.Empty(TicketDecider.Assign(ticket, new AssignTicket(Agent, At(1))).Events);
        Assert.Equal(new TicketAssigned(ticket.Id, other, Agent, At(1)), Assert.Single(TicketDecider.Assign(ticket, new AssignTicket(other, At(1))).Events));
    }

    [Fact]
    public void A_merged_duplicates_ticket_moves_to_the_survivor_unless_it_is_closed()
    {
        var survivor = Guid.CreateVersion7();
        var ticket = Given(AnOpenedTicket());
        var move = new MoveToSurvivor(survivor, "Hengda Group", Agent, At(10));

        var moved = After(ticket, TicketDecider.MoveToSurvivor(ticket, move));
        var resolved = After(ticket, TicketDecider.Resolve(ticket, new ResolveTicket("Fixed", Agent, At(5))));
        var closed = After(resolved, TicketDecider.Close(resolved, At(6)));

        Assert.Equal((survivor, "Hengda Group", Agent, 30), (moved.CustomerId, moved.CustomerName, moved.CustomerOwnerId, moved.ResponseSla.TargetMinutes));
        Assert.Empty(TicketDecider.MoveToSurvivor(closed, move).Events);
    }
}
