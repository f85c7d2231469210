using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;
using Crm.Testing;

namespace Crm.Identity.Tests;

public class SignInRuleTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    [Fact]
    public async Task A_successful_sign_in_is_recorded_and_published_without_secrets()
    {
        await using var subscriber = await EventSubscriber.BindAsync(app.VirtualHost, "identity.#");
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());
        await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/password", new { password = "a-reset-password" });

        var signedIn = await SignInAsync(member.Username, "a-reset-password");

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var account = await _given.GetAsync(member.Id);
        Assert.Equal(3, account.GetProperty("version").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, account.GetProperty("lastSignedInAt").ValueKind);
        var events = await Eventually.Get(() => Task.FromResult(subscriber.Received),
            received => received.Count(e => e.Header("ce-subject") == member.Id.ToString()) == 3, what: "joined, password changed, signed in");
        var mine = events.Where(e => e.Header("ce-subject") == member.Id.ToString()).ToList();
        Assert.Equal(["identity.staff-joined", "identity.staff-password-changed", "identity.staff-signed-in"], mine.Select(e => e.RoutingKey));
        Assert.True(mine[1].Body.GetProperty("resetByAdministrator").GetBoolean());
        foreach (var body in events.Select(e => e.Body.GetRawText()))
        {
            Assert.DoesNotContain("password\"", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AQAAAA", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password_and_nothing_is_recorded()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());

        for (var i = 0; i < 5; i++) await AssertInvalidGrantAsync(await SignInAsync(member.Username, "wrong-password"));
        var locked = await SignInAsync(member.Username, StaffBuilder.Password);

        var description = await AssertInvalidGrantAsync(locked);
        Assert.Contains("locked", description, StringComparison.Ordinal);
        Assert.Equal(1, (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_failures()
    {
        var member = await _given.AStaffAsync(Roles.SalesRep, await _given.ABranchAsync());

        for (var i = 0; i < 4; i++) await SignInAsync(member.Username, "wrong-password");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(member.Username, StaffBuilder.Password)).StatusCode);
        for (var i = 0; i < 4; i++) await SignInAsync(member.Username, "wrong-password");

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(member.Username, StaffBuilder.Password)).StatusCode);
    }

    [Theory]
    [InlineData("freeze", "frozen")]
    [InlineData("leave", "closed")]
    public async Task A_frozen_or_departed_account_cannot_sign_in_or_refresh(string verb, string said)
    {
        var branch = await _given.ABranchAsync();
        await _given.AStaffAsync(Roles.BranchHead, branch);
        var member = await _given.AStaffAsync(Roles.SalesRep, branch);
        var session = await (await SignInAsync(member.Username, StaffBuilder.Password)).Content.ReadFromJsonAsync<JsonElement>();
        await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/{verb}");
        var version = (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64();

        var signIn = await SignInAsync(member.Username, StaffBuilder.Password);
        var refresh = await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = session.GetProperty("refresh_token").GetString()!,
        }));

        Assert.Contains(said, await AssertInvalidGrantAsync(signIn), StringComparison.Ordinal);
        await AssertInvalidGrantAsync(refresh);
        Assert.Equal(version, (await _given.GetAsync(member.Id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Failures_against_an_unknown_user_store_nothing()
    {
        await AssertInvalidGrantAsync(await SignInAsync("nobody-at-all", "whatever-password"));
        Assert.Empty(await StaffEndpointTests.ItemsAsync(_given.Admin, "/api/staff?search=nobody-at-all"));
    }

    private static async Task<string> AssertInvalidGrantAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        return body.GetProperty("error_description").GetString()!;
    }

    private Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = username, ["password"] = password,
        }));
}
