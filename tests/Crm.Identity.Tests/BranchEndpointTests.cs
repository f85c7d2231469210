using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;
using Crm.Testing;

namespace Crm.Identity.Tests;

public class BranchEndpointTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient _admin = app.ClientAs(Roles.SystemAdmin);

    [Fact]
    public async Task An_admin_opens_a_branch_every_caller_then_lists_and_subscribers_hear_of()
    {
        await using var subscriber = await EventSubscriber.BindAsync(app.VirtualHost, "identity.#");
        var code = HttpExtensions.ACode();

        var response = await _admin.PostJsonAsync("/api/branches", new { code, name = "North Division", timeZone = "Asia/Harbin" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/branches/{code}", response.Headers.Location!.ToString());
        Assert.Equal(1, response.ETag());
        var body = await response.JsonAsync();
        Assert.Equal("North Division", body.GetProperty("name").GetString());
        Assert.Equal("Asia/Harbin", body.GetProperty("timeZone").GetString());

        var listed = await app.ClientAs(Roles.SalesRep, "north").GetFromJsonAsync<JsonElement>("/api/branches?limit=500");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), b => b.GetProperty("code").GetString() == code);

        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received),
            events => events.Any(e => e.RoutingKey == "identity.branch-opened" && e.Body.GetProperty("branch").GetString() == code),
            what: "identity.branch-opened");
        var opened = published.First(e => e.RoutingKey == "identity.branch-opened" && e.Body.GetProperty("branch").GetString() == code);
        Assert.Equal("crm.identity.branch-opened.v1", opened.Header("ce-type"));
        Assert.Equal("North Division", opened.Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_branch_without_a_time_zone_keeps_Shanghai_time()
    {
        var response = await _admin.PostJsonAsync("/api/branches", new { code = HttpExtensions.ACode(), name = "East" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Asia/Shanghai", (await response.JsonAsync()).GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Bad_code_name_and_time_zone_are_named_and_nothing_is_stored()
    {
        var response = await _admin.PostJsonAsync("/api/branches", new { code = "North!", name = " ", timeZone = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["code", "name", "timeZone"], (await response.ErrorFieldsAsync()).Order());
        var status = await _admin.GetAsync("/api/branches/North!");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Theory]
    [InlineData(Roles.GroupExecutive, null)]
    [InlineData(Roles.BranchAdmin, "north")]
    public async Task Only_a_system_admin_opens_branches(string role, string? branch)
    {
        var code = HttpExtensions.ACode();

        var response = await app.ClientAs(role, branch).PostJsonAsync("/api/branches", new { code, name = "Somewhere" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/branches/{code}")).StatusCode);
    }

    [Fact]
    public async Task Opening_an_existing_code_again_is_a_conflict_and_keeps_the_first()
    {
        var code = HttpExtensions.ACode();
        await _admin.PostJsonAsync("/api/branches", new { code, name = "First" });

        var again = await _admin.PostJsonAsync("/api/branches", new { code, name = "Second" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var stored = await _admin.GetFromJsonAsync<JsonElement>($"/api/branches/{code}");
        Assert.Equal("First", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Listing_branches_needs_a_signed_in_caller() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/branches")).StatusCode);
}
