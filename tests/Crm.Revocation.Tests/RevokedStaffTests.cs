namespace Crm.Revocation.Tests;

public class RevokedStaffTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly RevokedStaff revoked = new();
    private readonly Guid staff = Guid.CreateVersion7();

    [Fact]
    public void A_frozen_staff_member_is_revoked_until_unfrozen()
    {
        revoked.Revoke(staff);
        Assert.True(revoked.IsRevoked(staff));

        revoked.Restore(staff);
        Assert.False(revoked.IsRevoked(staff));
    }

    [Fact]
    public void The_same_event_twice_changes_nothing_more()
    {
        revoked.Revoke(staff);
        revoked.Revoke(staff);
        revoked.Restore(staff);
        revoked.Restore(staff);

        Assert.False(revoked.IsRevoked(staff));
        Assert.Equal(0, revoked.Count);
    }

    [Fact]
    public void The_list_from_identity_replaces_what_was_known_before_it_was_requested()
    {
        var unfrozenMeanwhile = Guid.CreateVersion7();
        revoked.Revoke(unfrozenMeanwhile);

        revoked.ListRequested();
        revoked.ApplyList([staff], Now);

        Assert.True(revoked.IsRevoked(staff));
        Assert.False(revoked.IsRevoked(unfrozenMeanwhile));
        Assert.Equal(Now, revoked.ListLoadedAt);
    }

    [Fact]
    public void A_freeze_heard_while_the_list_was_on_its_way_is_kept()
    {
        revoked.ListRequested();
        revoked.Revoke(staff);
        revoked.ApplyList([], Now);

        Assert.True(revoked.IsRevoked(staff));
    }

    [Fact]
    public void An_unfreeze_heard_while_the_list_was_on_its_way_wins_over_the_older_list()
    {
        revoked.ListRequested();
        revoked.Restore(staff);
        revoked.ApplyList([staff], Now);

        Assert.False(revoked.IsRevoked(staff));
    }
}
