using Crm.Contracts.Identity;
using Crm.ServiceDefaults.Replicas;

namespace Crm.Sales.Tests.Domain;

/// <summary>Identity's events reach sales on separate queues; the staff replica ends the same whatever the order.</summary>
public class StaffReplicaTests
{
    private static readonly Guid Staff = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly (long Position, object Event)[] History =
    [
        (3, new StaffJoined(Staff, "li.na", "Li Na", "sales-rep", "north", At)),
        (8, new StaffRoleChanged(Staff, "sales-rep", "east", "sales-rep", "north", At)),
        (9, new StaffFrozen(Staff, "east", "Notice given", At)),
        (12, new StaffUnfrozen(Staff, "east", At)),
        (15, new StaffRoleChanged(Staff, "branch-head", "east", "sales-rep", "east", At)),
    ];

    private static StaffReplica Replay(IEnumerable<(long Position, object Event)> events) =>
        events.Aggregate((StaffReplica?)null, (r, e) => StaffReplica.WithEvent(r, Staff, e.Position, e.Event))!;

    [Fact]
    public void In_order_the_replica_holds_the_latest_role_branch_and_status()
    {
        Assert.Equal(("branch-head", "east", StaffReplicaStatus.Active), (Replay(History).Role, Replay(History).Branch, Replay(History).Status));
    }

    [Fact]
    public void In_reverse_or_any_shuffled_order_the_replica_ends_in_the_same_state()
    {
        var expected = Replay(History);
        Assert.Equal(expected, Replay(History.Reverse()));
        var random = new Random(1127);
        for (var i = 0; i < 100; i++) Assert.Equal(expected, Replay(History.OrderBy(_ => random.Next())));
    }

    [Fact]
    public void A_departure_stays_whatever_arrives_after_it()
    {
        (long, object) left = (20, new StaffLeft(Staff, "east", null, At));

        Assert.Equal(StaffReplicaStatus.Left, Replay([left, .. History]).Status);
        Assert.Equal(StaffReplicaStatus.Left, Replay([.. History, left]).Status);
    }

    [Fact]
    public void A_freeze_overtaken_by_its_unfreeze_leaves_the_account_active()
    {
        Assert.Equal(StaffReplicaStatus.Active, Replay([History[0], History[3], History[2]]).Status);
        Assert.Equal(StaffReplicaStatus.Frozen, Replay([History[0], History[2]]).Status);
    }
}
