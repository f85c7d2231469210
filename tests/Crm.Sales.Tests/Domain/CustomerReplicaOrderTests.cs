using Crm.Contracts.Customers;
using Crm.Sales.Customers;

namespace Crm.Sales.Tests.Domain;

/// <summary>
/// Customers events reach sales on separate queues, so in any order; the replica must end the same
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
        (11, new CustomerRegistered(Customer, "north", "Hengda Electrical", "regional-electrical-store", Owners.A, At)),
        (14, new CustomerOwnerAssigned(Customer, "north", Owners.B, Owners.A, null, At)),
        (15, new CustomerProfileUpdated(Customer, "north", "Hengda Electrical Co.", "regional-electrical-store", null, [], [], [], null, null, null, null, ["name"], At)),
        (19, new CustomerGradeChanged(Customer, "north", "vip", "normal", At)),
        (23, new CustomerTransferred(Customer, "north", "east", "Hengda Electrical Co.", "regional-electrical-store", "vip", "active", Owners.C, At)),
        (30, new CustomerArchived(Customer, "east", At)),
        (31, new CustomerRestored(Customer, "east", At)),
        (40, new CustomersMerged(Survivor, Customer, "east", [], At)),
    ];

    private static CustomerReplica Replay(IEnumerable<(long Position, object Event)> events) =>
        events.Aggregate((CustomerReplica?)null, (r, e) => CustomerReplica.WithEvent(r, Customer, e.Position, e.Event))!;

    [Fact]
    public void In_order_the_replica_holds_the_latest_of_each_fact()
    {
        var replica = Replay(History);

        Assert.Equal(("east", "Hengda Electrical Co.", Owners.C, "vip", false, Survivor),
            (replica.Branch, replica.Name, replica.OwnerId, replica.Grade, replica.Archived, replica.MergedInto));
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
    public void A_registration_arriving_after_a_transfer_keeps_the_new_branch_and_owner()
    {
        var replica = Replay([History[4], History[0]]);

        Assert.Equal(("east", Owners.C, "vip"), (replica.Branch, replica.OwnerId, replica.Grade));
    }

    [Fact]
    public void An_archive_overtaken_by_its_restore_leaves_the_customer_active()
    {
        Assert.False(Replay([History[0], History[6], History[5]]).Archived);
        Assert.True(Replay([History[0], History[5]]).Archived);
    }

    [Fact]
    public void A_merge_arriving_before_the_duplicates_registration_is_kept()
    {
        var replica = Replay([History[7], History[0]]);

        Assert.Equal((Survivor, "Hengda Electrical"), (replica.MergedInto, replica.Name));
    }

    [Fact]
    public void An_unmerge_newer_than_the_merge_frees_the_duplicate_whatever_the_order()
    {
        (long, object) unmerged = (45, new CustomersUnmerged(Survivor, Customer, "east", [], At));

        Assert.Null(Replay([History[0], unmerged, History[7]]).MergedInto);
        Assert.Null(Replay([History[0], History[7], unmerged]).MergedInto);
    }
}
