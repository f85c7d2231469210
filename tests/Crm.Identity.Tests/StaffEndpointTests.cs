using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

public class StaffEndpointTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    [Fact]
    public async Task An_admin_creates_a_staff_member_whose_answer_holds_no_password_or_hash()
    {
        var branch = await _given.ABranchAsync();

        var response = await _given.Admin.PostJsonAsync("/api/staff",
            new { username = "Wang.Fang", name = "Wang Fang", role = Roles.SalesRep, branch, password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, response.ETag());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);   // the prefix of every stored hash
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("wang.fang", body.GetProperty("username").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal($"/api/staff/{body.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Bad_fields_are_named_and_nothing_is_stored()
    {
        var branch = await _given.ABranchAsync();

        var response = await _given.Admin.PostJsonAsync("/api/staff",
            new { username = "no spaces!", name = "", role = "janitor", branch, password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name", "password", "role", "username"], (await response.ErrorFieldsAsync()).Order());
        Assert.Empty(await ItemsAsync(_given.Admin, $"/api/staff?branch={branch}"));
    }

    [Fact]
    public async Task A_branch_that_does_not_exist_is_a_bad_branch()
    {
        var response = await _given.Admin.PostJsonAsync("/api/staff",
            new { username = HttpExtensions.ACode("u"), name = "X", role = Roles.SalesRep, branch = "atlantis", password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["branch"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_taken_username_in_any_case_is_a_conflict()
    {
        var branch = await _given.ABranchAsync();
        var first = await _given.AStaffAsync(Roles.SalesRep, branch);

        var again = await _given.Admin.PostJsonAsync("/api/staff",
            new { username = first.Username.ToUpperInvariant(), name = "Twin", role = Roles.SalesRep, branch, password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_branch_admin_creates_branch_roles_in_their_own_branch_only()
    {
        var own = await _given.ABranchAsync();
        var other = await _given.ABranchAsync();
        var admin = app.ClientAs(Roles.BranchAdmin, own);
        object Body(string role, string? branch) => new { username = HttpExtensions.ACode("u"), name = "New", role, branch, password = "long-enough-1" };

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/staff", Body(Roles.ServiceAgent, own))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostJsonAsync("/api/staff", Body(Roles.SalesRep, other))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostJsonAsync("/api/staff", Body(Roles.GroupExecutive, null))).StatusCode);
        Assert.Empty(await ItemsAsync(_given.Admin, $"/api/staff?branch={other}"));
    }

    [Theory]
    [InlineData(Roles.BranchHead)]
    [InlineData(Roles.SalesRep)]
    [InlineData(Roles.GroupExecutive)]
    public async Task Roles_that_do_not_manage_staff_may_not_create_any(string role)
    {
        var branch = await _given.ABranchAsync();
        var caller = app.ClientAs(role, Roles.IsGroupLevel(role) ? null : branch);

        var response = await caller.PostJsonAsync("/api/staff",
            new { username = HttpExtensions.ACode("u"), name = "New", role = Roles.SalesRep, branch, password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Lists_are_scoped_to_the_callers_branch_and_filtered_and_paged()
    {
        var north = await _given.ABranchAsync();
        var east = await _given.ABranchAsync();
        var head = await _given.AStaffAsync(Roles.BranchHead, north);
        var rep1 = await _given.AStaffAsync(Roles.SalesRep, north);
        var rep2 = await _given.AStaffAsync(Roles.SalesRep, north);
        var eastRep = await _given.AStaffAsync(Roles.SalesRep, east);
        await _given.Admin.PostJsonAsync($"/api/staff/{rep2.Id}/freeze", new { reason = "leaving" });

        var asHead = app.ClientAs(Roles.BranchHead, north);
        Assert.Equal(new[] { head.Id, rep1.Id, rep2.Id }.Order(), (await ItemsAsync(asHead, "/api/staff")).Select(Id).Order());
        Assert.Empty(await ItemsAsync(asHead, $"/api/staff?branch={east}"));
        Assert.Equal([rep1.Id], (await ItemsAsync(asHead, "/api/staff?role=sales-rep&status=active")).Select(Id));
        Assert.Equal([eastRep.Id], (await ItemsAsync(app.ClientAs(Roles.GroupExecutive), $"/api/staff?branch={east}")).Select(Id));

        var page1 = await asHead.GetFromJsonAsync<JsonElement>("/api/staff?limit=2");
        var page2 = await asHead.GetFromJsonAsync<JsonElement>($"/api/staff?limit=2&cursor={Uri.EscapeDataString(page1.GetProperty("nextCursor").GetString()!)}");
        Assert.Equal(3, page1.GetProperty("items").GetArrayLength() + page2.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Bad_list_filters_are_named()
    {
        var response = await _given.Admin.GetAsync("/api/staff?role=janitor&status=asleep&limit=0&cursor=nonsense");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["cursor", "limit", "role", "status"], (await response.ErrorFieldsAsync()).Order());
    }

    [Theory]
    [InlineData(Roles.SalesRep)]
    [InlineData(Roles.ServiceAgent)]
    public async Task Reps_and_agents_may_not_read_staff(string role)
    {
        var branch = await _given.ABranchAsync();
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);
        var caller = app.ClientAs(role, branch);

        Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync("/api/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync($"/api/staff/{member.Id}")).StatusCode);
    }

    [Fact]
    public async Task Another_branchs_staff_member_does_not_exist_for_a_branch_head()
    {
        var north = await _given.ABranchAsync();
        var east = await _given.ABranchAsync();
        var eastRep = await _given.AStaffAsync(Roles.SalesRep, east);

        var response = await app.ClientAs(Roles.BranchHead, north).GetAsync($"/api/staff/{eastRep.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var own = await app.ClientAs(Roles.BranchHead, east).GetAsync($"/api/staff/{eastRep.Id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(1, own.ETag());
    }

    internal static async Task<JsonElement[]> ItemsAsync(HttpClient http, string url) =>
        [.. (await http.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray()];

    private static Guid Id(JsonElement item) => item.GetProperty("id").GetGuid();
}
