using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Identity.Bootstrap;
using Crm.Identity.Domain;
using Crm.ServiceDefaults.Security;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Identity.Tests;

public class SignInTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient _http = app.CreateClient();

    [Fact]
    public async Task Admin_signs_in_with_a_token_for_the_crm_audience_and_no_branch()
    {
        var token = await SignInAsync("admin", IdentityApp.AdminPassword);

        var claims = Payload(token.GetProperty("access_token").GetString()!);
        Assert.Equal("system-admin", claims.GetProperty("role").GetString());
        Assert.Equal("crm", claims.GetProperty("aud").GetString());
        Assert.Equal("http://localhost/", claims.GetProperty("iss").GetString());
        Assert.True(Guid.TryParse(claims.GetProperty("sub").GetString(), out _));
        Assert.False(claims.TryGetProperty("branch", out _));
        // 15 minutes, counted down from issuance, so a slow second may already have gone.
        Assert.InRange(token.GetProperty("expires_in").GetInt32(), 890, 900);
    }

    [Fact]
    public async Task A_branch_staff_member_gets_the_branch_claim_and_sees_themselves_at_me()
    {
        var id = await AStaffAsync("North-Rep9", Roles.SalesRep, "north", "rep-pass");

        var token = await SignInAsync("north-rep9", "rep-pass");

        var accessToken = token.GetProperty("access_token").GetString()!;
        var claims = Payload(accessToken);
        Assert.Equal("north", claims.GetProperty("branch").GetString());
        Assert.Equal("sales-rep", claims.GetProperty("role").GetString());
        Assert.Equal(id.ToString(), claims.GetProperty("sub").GetString());
        var me = await GetMeAsync(accessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("north-rep9", body.GetProperty("username").GetString());
        Assert.Equal("north", body.GetProperty("branch").GetString());
        Assert.Equal(id.ToString(), body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("nobody", "wrong")]
    public async Task A_wrong_password_or_unknown_user_is_an_invalid_grant(string username, string password)
    {
        await SignInAsync("admin", IdentityApp.AdminPassword);   // bootstrap done

        var response = await PostTokenAsync(("grant_type", "password"), ("username", username), ("password", password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("invalid_grant", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_token_renews_the_session()
    {
        var token = await SignInAsync("admin", IdentityApp.AdminPassword);

        var response = await PostTokenAsync(("grant_type", "refresh_token"),
            ("refresh_token", token.GetProperty("refresh_token").GetString()!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("system-admin", Payload(renewed.GetProperty("access_token").GetString()!).GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_integration_client_gets_the_integration_role_and_its_scopes()
    {
        var response = await PostTokenAsync(("grant_type", "client_credentials"),
            ("client_id", IdentityApp.ClientId), ("client_secret", IdentityApp.ClientSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = Payload((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        Assert.Equal("integration", claims.GetProperty("role").GetString());
        Assert.Equal(IdentityApp.ClientId, claims.GetProperty("sub").GetString());
        Assert.Equal("crm.import", claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("branch", out _));
    }

    [Fact]
    public async Task A_wrong_client_secret_is_an_invalid_client()
    {
        var response = await PostTokenAsync(("grant_type", "client_credentials"),
            ("client_id", IdentityApp.ClientId), ("client_secret", "guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Me_without_a_token_is_unauthorized() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/api/me")).StatusCode);

    [Fact]
    public async Task Bootstrap_creates_each_account_once_even_when_run_concurrently_and_skips_unset_passwords()
    {
        await SignInAsync("admin", IdentityApp.AdminPassword);
        var bootstrap = app.Services.GetServices<IHostedService>().OfType<BootstrapAccounts>().Single();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => bootstrap.EnsureAccountsAsync(CancellationToken.None)));

        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var joined = await session.Events.QueryRawEventDataOnly<StaffJoined>().Where(e => e.Username == "admin").CountAsync();
        Assert.Equal(1, joined);
        Assert.False(await session.Query<StaffAccount>().AnyAsync(a => a.Username == "exec"));
    }

    [Fact]
    public async Task A_second_account_with_the_same_username_in_another_case_is_not_stored()
    {
        await AStaffAsync("east-rep7", Roles.SalesRep, "east", "pass-1");

        var duplicate = await Record.ExceptionAsync(() => AStaffAsync("EAST-REP7", Roles.SalesRep, "east", "pass-2"));

        Assert.NotNull(duplicate);
        Assert.True(BootstrapAccounts.IsUniqueViolation(duplicate));
    }

    private async Task<Guid> AStaffAsync(string username, string role, string? branch, string password)
    {
        var id = Guid.CreateVersion7();
        var hash = app.Services.GetRequiredService<Tokens.StaffPasswords>().Hash(password);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession(BranchScope.NoBranch);
        session.Events.StartStream<Staff>(id, Staff.Decide(null, new JoinStaff(id, username, username, role, branch, hash, DateTimeOffset.UtcNow)));
        await session.SaveChangesAsync();
        return id;
    }

    // Bootstrap runs in the background at start-up: poll with a deadline instead of sleeping.
    private async Task<JsonElement> SignInAsync(string username, string password)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await PostTokenAsync(("grant_type", "password"), ("username", username), ("password", password));
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Sign-in as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    private Task<HttpResponseMessage> PostTokenAsync(params (string Key, string Value)[] form) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))));

    private Task<HttpResponseMessage> GetMeAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return _http.SendAsync(request);
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part))).RootElement;
    }
}
