using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;
using Crm.Testing;

namespace Crm.Identity.Tests;

public class StaffCommandEndpointTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    [Fact]
    public async Task Freezing_and_unfreezing_move_the_account_and_its_ETag()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());

        var frozen = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/freeze", new { reason = "leaving" }, ifMatch: 1);
        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
        Assert.Equal(2, frozen.ETag());
        Assert.Equal("frozen", (await frozen.JsonAsync()).GetProperty("status").GetString());

        var unfrozen = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/unfreeze", ifMatch: 2);
        Assert.Equal(HttpStatusCode.OK, unfrozen.StatusCode);
        Assert.Equal("active", (await unfrozen.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Freezing_a_frozen_account_or_unfreezing_an_active_one_is_a_conflict()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());

        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/unfreeze")).StatusCode);
        await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/freeze");
        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/freeze")).StatusCode);
        Assert.Equal(2, (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_and_changes_nothing()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());
        await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/freeze", ifMatch: 1);

        var stale = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/unfreeze", ifMatch: 1);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("frozen", (await _given.GetAsync(member.Id)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(Roles.BranchHead)]
    [InlineData(Roles.SalesRep)]
    [InlineData(Roles.GroupExecutive)]
    public async Task Roles_that_never_manage_staff_are_forbidden_every_command(string role)
    {
        var branch = await _given.ABranchAsync();
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);
        var caller = app.ClientAs(role, Roles.IsGroupLevel(role) ? null : branch);

        foreach (var (verb, body) in Commands())
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.PostJsonAsync($"/api/staff/{member.Id}/{verb}", body)).StatusCode);
        Assert.Equal(1, (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_branch_admin_cannot_see_another_branchs_staff_to_change_them()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());
        var otherAdmin = app.ClientAs(Roles.BranchAdmin, await _given.ABranchAsync());

        foreach (var (verb, body) in Commands())
            Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.PostJsonAsync($"/api/staff/{member.Id}/{verb}", body)).StatusCode);
        Assert.Equal(1, (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_role_change_is_checked_and_applied()
    {
        var branch = await _given.ABranchAsync();
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);
        var branchAdmin = app.ClientAs(Roles.BranchAdmin, branch);

        var bad = await branchAdmin.PostJsonAsync($"/api/staff/{member.Id}/role", new { role = "janitor", branch });
        Assert.Equal(["role"], await bad.ErrorFieldsAsync());
        var unknown = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/role", new { role = Roles.SalesRep, branch = "atlantis" });
        Assert.Equal(["branch"], await unknown.ErrorFieldsAsync());
        var promotion = await branchAdmin.PostJsonAsync($"/api/staff/{member.Id}/role", new { role = Roles.GroupExecutive });
        Assert.Equal(HttpStatusCode.Forbidden, promotion.StatusCode);
        var same = await branchAdmin.PostJsonAsync($"/api/staff/{member.Id}/role", new { role = Roles.SalesRep, branch });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);

        var changed = await branchAdmin.PostJsonAsync($"/api/staff/{member.Id}/role", new { role = Roles.BranchHead, branch }, ifMatch: 1);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(Roles.BranchHead, (await changed.JsonAsync()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_password_reset_needs_a_long_password_and_replaces_the_old_one()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());

        var tooShort = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/password", new { password = "123456789" });
        Assert.Equal(["password"], await tooShort.ErrorFieldsAsync());

        var reset = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/password", new { password = "brand-new-pass" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.DoesNotContain("AQAAAA", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.SignedInAsync(member.Username, "brand-new-pass");
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(member.Username, StaffBuilder.Password)).StatusCode);
    }

    [Fact]
    public async Task A_leaver_hands_over_to_the_branch_head_by_default_and_then_accepts_no_more_commands()
    {
        await using var subscriber = await EventSubscriber.BindAsync(app.VirtualHost, "identity.staff-left");
        var branch = await _given.ABranchAsync();
        var head = await _given.AStaffAsync(Roles.BranchHead, branch);
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);

        var left = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/leave");

        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal("left", (await left.JsonAsync()).GetProperty("status").GetString());
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received),
            events => events.Any(e => e.Header("ce-subject") == member.Id.ToString()), what: "identity.staff-left");
        Assert.Equal(head.Id, published.Single(e => e.Header("ce-subject") == member.Id.ToString()).Body.GetProperty("reassignTo").GetGuid());

        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/leave")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/freeze")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(member.Username, StaffBuilder.Password)).StatusCode);
    }

    [Fact]
    public async Task Work_goes_only_to_an_active_colleague_of_the_same_branch()
    {
        var branch = await _given.ABranchAsync();
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);
        var stranger = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());
        var colleague = await _given.AStaffAsync(Roles.SalesRep, branch);

        var wrong = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/leave", new { reassignTo = stranger.Id });
        Assert.Equal(["reassignTo"], await wrong.ErrorFieldsAsync());
        var headless = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/leave");
        Assert.Equal(["reassignTo"], await headless.ErrorFieldsAsync());
        Assert.Equal("active", (await _given.GetAsync(member.Id)).GetProperty("status").GetString());

        var named = await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/leave", new { reassignTo = colleague.Id });
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }

    [Fact]
    public async Task Staff_change_their_own_password_by_proving_the_current_one()
    {
        var member = await _given.AStaffAsync(Roles.ServiceAgent, await _given.ABranchAsync());
        var self = await app.SignedInAsync(member.Username, StaffBuilder.Password);

        var wrong = await self.PostJsonAsync("/api/me/password", new { currentPassword = "not-my-password", newPassword = "my-new-password" });
        Assert.Equal(["currentPassword"], await wrong.ErrorFieldsAsync());
        var weak = await self.PostJsonAsync("/api/me/password", new { currentPassword = StaffBuilder.Password, newPassword = "short" });
        Assert.Equal(["newPassword"], await weak.ErrorFieldsAsync());
        var stale = await self.PostJsonAsync("/api/me/password", new { currentPassword = StaffBuilder.Password, newPassword = "my-new-password" }, ifMatch: 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);   // signing in appended an event

        var changed = await self.PostJsonAsync("/api/me/password", new { currentPassword = StaffBuilder.Password, newPassword = "my-new-password" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await app.SignedInAsync(member.Username, "my-new-password");
        var integration = app.ClientAs(Roles.Integration);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.PostJsonAsync("/api/me/password", new { currentPassword = "x", newPassword = "yyyyyyyyyyyy" })).StatusCode);
    }

    [Fact]
    public async Task History_lists_every_event_with_its_actor_and_correlation_and_no_hash()
    {
        var adminId = Guid.CreateVersion7();
        var admin = app.ClientAs(Roles.SystemAdmin, staffId: adminId);
        admin.DefaultRequestHeaders.Add("X-Correlation-Id", "corr-history-1");
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());
        await admin.PostJsonAsync($"/api/staff/{member.Id}/password", new { password = "another-password" });
        await admin.PostJsonAsync($"/api/staff/{member.Id}/freeze", new { reason = "audit" });

        var response = await app.ClientAs(Roles.GroupExecutive).GetAsync($"/api/staff/{member.Id}/history");

        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("passwordHash", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);
        var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["staff-joined", "staff-password-changed", "staff-frozen"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L], items.Select(i => i.GetProperty("version").GetInt64()));
        Assert.Equal(adminId.ToString(), items[2].GetProperty("actor").GetString());
        Assert.Equal("corr-history-1", items[2].GetProperty("correlationId").GetString());
        Assert.Equal("audit", items[2].GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.BranchHead, "elsewhere").GetAsync($"/api/staff/{member.Id}/history")).StatusCode);
    }

    private static IEnumerable<(string Verb, object Body)> Commands() =>
    [
        ("freeze", new { reason = "x" }), ("unfreeze", new { }), ("password", new { password = "long-enough-1" }),
        ("role", new { role = Roles.BranchHead, branch = "north" }), ("leave", new { }),
    ];

    private Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = username, ["password"] = password,
        }));
}
