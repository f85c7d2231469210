using Crm.Contracts.Customers;
using Crm.Contracts.Sales;
using Crm.Contracts.Tickets;
using Crm.Reporting.Integration;
using Crm.Reporting.Monthly;
using Crm.Reporting.Tickets;
using JasperFx.Events;

namespace Crm.Reporting.Tests;

/// <summary>
/// The report rows of tickets, customers and leads, folded from recorded events given in the order
/// they reached reporting (each with its source position): the same row whatever that order.
/// </summary>
public class TicketProjectionTests
{
    private static readonly Guid Ticket = Guid.CreateVersion7();
    private static readonly Guid Customer = Guid.CreateVersion7();
    private static readonly DateTimeOffset Opened = new(2026, 10, 5, 2, 0, 0, TimeSpan.Zero);

    private static Event<T> At<T>(long position, T data) where T : notnull
    {
        var e = new Event<T>(data) { StreamId = Ticket, Timestamp = Opened.AddDays(1) };
        e.SetHeader(ReceivedEvents.PositionHeader, position);
        return e;
    }

    private static TRow Fold<TRow>(Func<TRow?, IEvent, TRow?> evolve, params IEvent[] arrived) where TRow : class =>
        arrived.Aggregate((TRow?)null, evolve)!;

    private static ReportTicket Ticket_(params IEvent[] arrived) =>
        Fold<ReportTicket>((t, e) => new ReportTicketProjection().Evolve(t, Ticket, e), arrived);

    private static Event<TicketOpened> Open(long position, string branch = "north") => At(position, new TicketOpened(
        Ticket, branch, Customer, "vip", "complaint", "urgent", "phone", "Breaker trips", null, 30, 240,
        Opened.AddMinutes(30), Opened.AddMinutes(240), Opened));

    private static Event<TicketResolved> Resolve(long position, int minutes, bool within) =>
        At(position, new TicketResolved(Ticket, "north", "Replaced", null, minutes, within, Opened.AddMinutes(minutes)));

    private static Event<TicketReopened> Reopen(long position) => At(position, new TicketReopened(Ticket, "north", null, Opened.AddHours(5)));

    [Fact]
    public void A_reopening_that_arrives_before_the_resolution_it_undoes_still_leaves_the_ticket_open()
    {
        var inOrder = Ticket_(Open(1), Resolve(2, 100, true), Reopen(3));
        var reopenFirst = Ticket_(Reopen(3), Open(1), Resolve(2, 100, true));

        Assert.False(inOrder.Resolved);
        Assert.Equal(inOrder with { AppliedAt = default }, reopenFirst with { AppliedAt = default });
        Assert.Null(reopenFirst.ResolutionMinutes);
    }

    [Fact]
    public void Resolved_again_after_a_reopening_counts_the_last_resolution_whatever_the_order()
    {
        var ticket = Ticket_(Resolve(4, 400, false), Open(1), Reopen(3), Resolve(2, 300, true));

        Assert.True(ticket.Resolved);
        Assert.Equal(400, ticket.ResolutionMinutes);
        Assert.False(ticket.ResolvedWithinTarget);
        Assert.Equal("complaint", ticket.Category);
        Assert.Equal("urgent", ticket.Priority);
    }

    [Fact]
    public void Only_the_first_response_sets_the_response_time_and_each_target_escalates_once()
    {
        var ticket = Ticket_(
            Open(1),
            At(2, new TicketEscalated(Ticket, "north", "response", null, Opened.AddMinutes(30), Opened.AddMinutes(31))),
            At(3, new TicketResponded(Ticket, "north", null, true, 45, false, Opened.AddMinutes(45))),
            At(4, new TicketResponded(Ticket, "north", null, false, 0, false, Opened.AddMinutes(90))),
            At(5, new TicketEscalated(Ticket, "north", "resolution", null, Opened.AddMinutes(240), Opened.AddMinutes(241))),
            At(5, new TicketEscalated(Ticket, "north", "resolution", null, Opened.AddMinutes(240), Opened.AddMinutes(241))));

        Assert.Equal(45, ticket.ResponseMinutes);
        Assert.Equal(Opened.AddMinutes(45), ticket.RespondedAt);
        Assert.Equal(2, ticket.Escalations);
    }

    [Fact]
    public void A_rating_and_a_move_to_another_branch_keep_to_the_newest_source_position()
    {
        var ticket = Ticket_(
            At(9, new SatisfactionRated(Ticket, "east", Guid.CreateVersion7(), "complaint", 4, null, Opened.AddDays(2))),
            Open(1),
            At(8, new TicketAssigned(Ticket, "east", null, null, Opened.AddDays(1))));

        Assert.Equal("east", ticket.Branch);
        Assert.Equal(4, ticket.SatisfactionScore);
        Assert.Equal(9, ticket.SourcePosition);
        Assert.True(ticket.Opened);
    }

    [Fact]
    public void A_customer_s_status_is_kept_as_changes_in_business_time_whatever_order_they_arrived_in()
    {
        var id = Ticket;
        var registered = At(1, new CustomerRegistered(id, "north", "Acme", "trader", null, Opened));
        var archived = At(2, new CustomerArchived(id, "north", Opened.AddDays(10)));
        var restored = At(3, new CustomerRestored(id, "north", Opened.AddDays(20)));
        MonthlyCustomer Customer(params IEvent[] arrived) => Fold<MonthlyCustomer>((c, e) => new MonthlyCustomerProjection().Evolve(c, id, e), arrived);

        var inOrder = Customer(registered, archived, restored);
        var shuffled = Customer(restored, registered, archived, archived);

        Assert.Equal(["True@0", "False@10", "True@20"], shuffled.Changes.Select(s => $"{s.Active}@{(s.At - Opened).Days}"));
        Assert.Equal(inOrder.Changes, shuffled.Changes);
        Assert.Equal(Opened, shuffled.RegisteredAt);
        Assert.Equal("north", shuffled.RegisteredBranch);
    }

    [Fact]
    public void A_lead_keeps_when_it_was_captured_and_converted_and_its_newest_branch()
    {
        var id = Ticket;
        MonthlyLead Lead(params IEvent[] arrived) => Fold<MonthlyLead>((l, e) => new MonthlyLeadProjection().Evolve(l, id, e), arrived);

        var lead = Lead(
            At(3, new LeadConverted(id, "east", Guid.CreateVersion7(), null, null, Guid.CreateVersion7(), Opened.AddDays(3))),
            At(1, new LeadCaptured(id, "north", "Acme", null, null, null, null, null, Opened)),
            At(2, new LeadAssigned(id, "east", Guid.CreateVersion7(), null, Opened.AddDays(1))));

        Assert.Equal("east", lead.Branch);
        Assert.Equal(Opened, lead.CapturedAt);
        Assert.Equal(Opened.AddDays(3), lead.ConvertedAt);
        Assert.Null(lead.DisqualifiedAt);
    }
}
