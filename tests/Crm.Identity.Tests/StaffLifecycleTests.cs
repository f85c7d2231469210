using Crm.Identity.Domain;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

// Given past events, when a command, then new events or a refusal.
public class StaffLifecycleTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Colleague = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly StaffJoined Joined = new(Id, "north-rep1", "Li Lei", Roles.SalesRep, "north", "hash", Now.AddDays(-30));
    private static readonly StaffFrozen Frozen = new(Id, "north", "leaving soon", Now.AddDays(-1));
    private static readonly StaffLeft Left = new(Id, "north", Colleague, Now.AddDays(-1));

    private static Staff Given(params object[] events) =>
        events.Aggregate(new Staff(Guid.Empty, "", "", "", null, ""), (state, e) => state.Evolve(e));

    private static object Then(Staff state, StaffCommand command) => Assert.Single(Staff.Decide(state, command));

    [Fact]
    public void Changing_the_role_records_the_new_and_the_previous_one() =>
        Assert.Equal(new StaffRoleChanged(Id, Roles.BranchHead, "east", Roles.SalesRep, "north", Now),
            Then(Given(Joined), new ChangeStaffRole(Roles.BranchHead, "east", Now)));

    [Fact]
    public void Changing_to_the_same_role_and_branch_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined), new ChangeStaffRole(Roles.SalesRep, "north", Now)));

    [Fact]
    public void Promoting_to_a_group_role_drops_the_branch() =>
        Assert.Null(Assert.IsType<StaffRoleChanged>(Then(Given(Joined), new ChangeStaffRole(Roles.GroupExecutive, null, Now))).Branch);

    [Fact]
    public void Freezing_an_active_account_records_the_reason_and_branch() =>
        Assert.Equal(new StaffFrozen(Id, "north", "leaving soon", Now), Then(Given(Joined), new FreezeStaff("leaving soon", Now)));

    [Fact]
    public void Freezing_a_frozen_account_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined, Frozen), new FreezeStaff(null, Now)));

    [Fact]
    public void Unfreezing_a_frozen_account_makes_it_active_again()
    {
        var unfrozen = Then(Given(Joined, Frozen), new UnfreezeStaff(Now));

        Assert.Equal(new StaffUnfrozen(Id, "north", Now), unfrozen);
        Assert.Equal(StaffStatus.Active, Given(Joined, Frozen, unfrozen).Status);
    }

    [Fact]
    public void Unfreezing_an_active_account_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined), new UnfreezeStaff(Now)));

    [Fact]
    public void A_password_change_replaces_the_hash() =>
        Assert.Equal("new-hash", Given(Joined, Then(Given(Joined), new ChangeStaffPassword("new-hash", true, Now))).PasswordHash);

    [Fact]
    public void A_frozen_member_may_leave_and_names_who_takes_over() =>
        Assert.Equal(new StaffLeft(Id, "north", Colleague, Now), Then(Given(Joined, Frozen), new LeaveStaff(Colleague, Now)));

    [Fact]
    public void Reassigning_a_leavers_work_to_the_leaver_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined), new LeaveStaff(Id, Now)));

    [Theory]
    [MemberData(nameof(EveryCommandButJoin))]
    public void A_departed_account_refuses_every_command(StaffCommand command) =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined, Left), command));

    public static TheoryData<StaffCommand> EveryCommandButJoin() =>
    [
        new ChangeStaffRole(Roles.BranchHead, "north", Now), new FreezeStaff(null, Now), new UnfreezeStaff(Now),
        new ChangeStaffPassword("h", false, Now), new LeaveStaff(null, Now), new RecordSignIn(Now),
    ];

    [Fact]
    public void Signing_in_is_recorded_for_an_active_account() =>
        Assert.Equal(new StaffSignedIn(Id, "north", Now), Then(Given(Joined), new RecordSignIn(Now)));

    [Fact]
    public void A_frozen_account_cannot_sign_in() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(Given(Joined, Frozen), new RecordSignIn(Now)));

    [Fact]
    public void A_command_on_no_account_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(null, new FreezeStaff(null, Now)));
}
