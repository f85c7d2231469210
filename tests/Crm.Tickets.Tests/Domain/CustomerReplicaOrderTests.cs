using Crm.Contracts.Customers;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;

namespace Crm.Tickets.Tests.Domain;

/// <summary>
/// Customers events reach tickets on separate queues, so in any order; the replica must end the same
/// whatever the order, because each fact keeps the newest value by position in the customers store.
/// </summary>
public class CustomerReplicaOrderTests
{
    private static readonly Guid Customer = Guid.CreateVersion7();
    private static readonly (Guid A, Guid B, Guid C) Owners = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
    private static readonly Guid Survivor = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    // The customer's life as the customers service stored it, with each event's position there.
    private static readonly (long Position, object Event)[] History =
    [
        (11, new CustomerRegistered(Customer, "north", "Hengda Electrical", "regional-electrical-store", Owners.A, At, "normal")),
        (14, new CustomerOwnerAssigned(Customer, "north", Owners.B, Owners.A, null, At)),
        (15, new CustomerProfileUpdated(Customer, "north", "Hengda Electrical Co.", "regional-electrical-store", null, [], [], [], null, null, null, null, ["name"], At)),
        (19, new CustomerGradeChanged(Customer, "north", "vip", "normal", At)),
        (23, new CustomerTransferred(Customer, "north", "east", "Hengda Electrical Co.", "regional-electrical-store", "vip", "active", Owners.C, At)),
        (27, new CustomerGradeChanged(Customer, "east", "key", "vip", At)),
        (40, new CustomersMerged(Survivor, Customer, "east", [], At)),
    ];

    private static CustomerReplica Replay(IEnumerable<(long Position, object Event)> events) =>
        events.Aggregate((CustomerReplica?)null, (r, e) => CustomerReplica.WithEvent(r, Customer, e.Position, e.Event))!;

    [Fact]
    public void In_order_the_replica_holds_the_latest_of_each_fact()
    {
        var replica = Replay(History);

        Assert.Equal(("east", "Hengda Electrical Co.", Owners.C, CustomerGrade.Key, Survivor),
            (replica.Branch, replica.Name, replica.OwnerId, replica.Grade, replica.MergedInto));
    }

    [Fact]
    public void In_reverse_order_the_replica_ends_in_the_same_state()
    {
        Assert.Equal(Replay(History), Replay(History.Reverse()));
    }

    [Fact]
    public void In_any_shuffled_order_the_replica_ends_in_the_same_state()
    {
        var expected = Replay(History);
        var random = new Random(20261127);
        for (var i = 0; i < 200; i++)
            Assert.Equal(expected, Replay(History.OrderBy(_ => random.Next())));
    }

    [Fact]
    public void A_grade_change_to_vip_arriving_before_the_registration_keeps_the_vip_grade_and_takes_the_name()
    {
        var replica = Replay([History[3], History[0]]);

        Assert.Equal((CustomerGrade.Vip, "Hengda Electrical", "north"), (replica.Grade, replica.Name, replica.Branch));
    }

    [Fact]
    public void A_registration_arriving_after_a_transfer_keeps_the_new_branch_and_owner()
    {
        var replica = Replay([History[4], History[0]]);

        Assert.Equal(("east", Owners.C, CustomerGrade.Vip), (replica.Branch, replica.OwnerId, replica.Grade));
    }

    [Fact]
    public void An_owner_change_arriving_before_the_registration_is_kept()
    {
        var replica = Replay([History[1], History[0]]);

        Assert.Equal((Owners.B, "Hengda Electrical"), (replica.OwnerId, replica.Name));
    }

    [Fact]
    public void A_merge_arriving_before_the_duplicates_registration_is_kept()
    {
        var replica = Replay([History[6], History[0]]);

        Assert.Equal((Survivor, "Hengda Electrical", "east"), (replica.MergedInto, replica.Name, replica.Branch));
    }

    [Fact]
    public void An_unmerge_newer_than_the_merge_frees_the_duplicate_whatever_the_order()
    {
        (long, object) unmerged = (45, new CustomersUnmerged(Survivor, Customer, "east", [], At));

        Assert.Null(Replay([History[0], unmerged, History[6]]).MergedInto);
        Assert.Null(Replay([History[0], History[6], unmerged]).MergedInto);
    }

    [Fact]
    public void An_event_without_a_position_counts_as_position_zero_and_applies_in_arrival_order_among_its_kind()
    {
        var replica = Replay([(0, new CustomerGradeChanged(Customer, "north", "vip", "normal", At)), (0, History[0].Event)]);

        Assert.Equal(CustomerGrade.Normal, replica.Grade);
    }

    [Fact]
    public void An_unknown_grade_word_counts_as_normal()
    {
        var replica = Replay([(5, new CustomerGradeChanged(Customer, "north", "platinum", "normal", At))]);

        Assert.Equal(CustomerGrade.Normal, replica.Grade);
    }
}
