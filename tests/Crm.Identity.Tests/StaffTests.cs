using Crm.Identity.Domain;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

public class StaffTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static JoinStaff AJoin(string role = Roles.SalesRep, string? branch = "north", string username = "North-Rep1") =>
        new(Id, username, "Li Lei", role, branch, "hash", Now);

    private static Staff? Given(params object[] events) =>
        events.Aggregate((Staff?)null, (state, e) => (state ?? Blank()).Evolve(e));

    private static Staff Blank() => new(Guid.Empty, "", "", "", null, "");

    [Fact]
    public void Joining_records_the_staff_member_with_a_lowercase_username()
    {
        var events = Staff.Decide(null, AJoin());

        var joined = Assert.IsType<StaffJoined>(Assert.Single(events));
        Assert.Equal(new StaffJoined(Id, "north-rep1", "Li Lei", Roles.SalesRep, "north", "hash", Now), joined);
    }

    [Fact]
    public void Joining_twice_is_refused()
    {
        var state = Given(Staff.Decide(null, AJoin()).ToArray());

        Assert.Throws<StaffRefusedException>(() => Staff.Decide(state, AJoin()));
    }

    [Fact]
    public void A_group_role_with_a_branch_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(null, AJoin(Roles.GroupExecutive, "north")));

    [Fact]
    public void A_branch_role_without_a_branch_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(null, AJoin(Roles.BranchHead, null)));

    [Fact]
    public void An_unknown_role_is_refused() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(null, AJoin("janitor")));

    [Fact]
    public void The_integration_role_is_not_a_staff_role() =>
        Assert.Throws<StaffRefusedException>(() => Staff.Decide(null, AJoin(Roles.Integration, null)));

    [Fact]
    public void A_group_role_joins_without_a_branch()
    {
        var joined = Assert.IsType<StaffJoined>(Assert.Single(Staff.Decide(null, AJoin(Roles.SystemAdmin, " "))));

        Assert.Null(joined.Branch);
    }

    [Fact]
    public void Evolving_StaffJoined_gives_the_staff_state()
    {
        var state = Given(new StaffJoined(Id, "exec", "Exec", Roles.GroupExecutive, null, "hash", Now));

        Assert.Equal(new Staff(Id, "exec", "Exec", Roles.GroupExecutive, null, "hash"), state);
    }
}
