using Crm.Contracts.Customers;
using Crm.Contracts.Sales;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Integration;
using Crm.Reporting.Orders;
using JasperFx.Events;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>Given recorded events in some order of arrival, when folded, then the replica keeps the history the reports look up.</summary>
public class HistoryFoldingTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static Event<T> Recorded<T>(T data, long position) where T : notnull
    {
        var e = new Event<T>(data) { StreamId = Id, Timestamp = DateTimeOffset.UtcNow };
        e.SetHeader(ReceivedEvents.PositionHeader, position);
        return e;
    }

    private static TRow Fold<TRow>(Func<TRow?, IEvent, TRow?> evolve, params IEvent[] events) where TRow : class =>
        events.Aggregate((TRow?)null, evolve)!;

    private static ReportCustomer Customer(params IEvent[] events) =>
        Fold<ReportCustomer>((c, e) => new ReportCustomerProjection().Evolve(c, Id, e), events);

    private static Event<CustomerRegistered> Registered(string category, string at, long position) =>
        Recorded(new CustomerRegistered(Id, "north", "Kilo", category, null, Utc(at)), position);

    private static Event<CustomerProfileUpdated> Recategorised(string category, string at, long position, string changed = "category") =>
        Recorded(new CustomerProfileUpdated(Id, "north", "Kilo", category, null, [], [], [], null, null, null, null, [changed], Utc(at)), position);

    [Fact]
    public void An_edit_that_leaves_the_category_alone_adds_nothing_to_its_history()
    {
        var customer = Customer(Registered("retail", "2026-03-01T00:00", 10), Recategorised("retail", "2026-04-01T00:00", 11, changed: "phones"),
            Recategorised("wholesale", "2026-06-01T00:00", 12));

        Assert.Equal("retail@2026-03-01 wholesale@2026-06-01", Spells(customer));
    }

    [Fact]
    public void Categories_are_kept_in_business_time_order_whatever_order_they_arrive_in()
    {
        var registered = Registered("retail", "2026-03-01T00:00", 10);
        var updated = Recategorised("wholesale", "2026-06-01T00:00", 11);
        var transferred = Recorded(new CustomerTransferred(Id, "north", "east", "Kilo", "export", "normal", "active", null, Utc("2026-08-01T00:00")), 12);

        var inOrder = Customer(registered, updated, transferred);
        var reversed = Customer(transferred, updated, registered);

        Assert.Equal("retail@2026-03-01 wholesale@2026-06-01 export@2026-08-01", Spells(inOrder));
        Assert.Equal(Spells(inOrder), Spells(reversed));
        Assert.Equal(("export", "east"), (reversed.Category, reversed.Branch));
    }

    [Fact]
    public void The_same_event_folded_twice_is_one_category_spell()
    {
        var updated = Recategorised("wholesale", "2026-06-01T00:00", 11);

        var customer = Customer(Registered("retail", "2026-03-01T00:00", 10), updated, updated);

        Assert.Equal("retail@2026-03-01 wholesale@2026-06-01", Spells(customer));
    }

    [Fact]
    public void A_merge_points_at_the_survivor_until_a_newer_unmerge_whatever_the_order_of_arrival()
    {
        var survivor = Guid.CreateVersion7();
        var merged = Recorded(new CustomersMerged(survivor, Id, "north", [], Utc("2026-07-01T00:00")), 20);
        var unmerged = Recorded(new CustomersUnmerged(survivor, Id, "north", [], Utc("2026-08-01T00:00")), 21);

        var stillMerged = Customer(Registered("retail", "2026-03-01T00:00", 10), merged);
        var undone = Customer(Registered("retail", "2026-03-01T00:00", 10), merged, unmerged);
        var undoneOutOfOrder = Customer(unmerged, merged, Registered("retail", "2026-03-01T00:00", 10));

        Assert.Equal((survivor, false), (stillMerged.MergedInto, stillMerged.Counts));
        Assert.Equal(((Guid?)null, true), (undone.MergedInto, undone.Counts));
        Assert.Equal(((Guid?)null, true), (undoneOutOfOrder.MergedInto, undoneOutOfOrder.Counts));
    }

    [Fact]
    public void The_rep_who_signed_an_order_stays_its_seller_when_it_is_reassigned()
    {
        var (signer, successor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var signed = Recorded(new OrderSigned(Id, "north", Guid.CreateVersion7(), null, signer, [], new Money(100, "CNY"), Utc("2026-03-01T00:00"), Utc("2026-04-01T00:00")), 30);
        var reassigned = Recorded(new OrderOwnerAssigned(Id, "north", successor, signer, Utc("2026-05-01T00:00")), 31);

        foreach (var events in new IEvent[][] { [signed, reassigned], [reassigned, signed] })
        {
            var order = Fold<ReportOrder>((o, e) => new ReportOrderProjection().Evolve(o, Id, e), events);
            Assert.Equal((signer, successor), (order.SignedOwnerId, order.OwnerId));
        }
    }

    private static string Spells(ReportCustomer c) =>
        string.Join(" ", c.Categories.Select(s => $"{s.Category}@{s.From:yyyy-MM-dd}"));
}
