using Microsoft.IdentityModel.Tokens;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

public class ClientAndRevocationTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    [Fact]
    public async Task A_registered_client_gets_its_secret_once_and_reads_the_revocation_list_with_it()
    {
        var branch = await _given.ABranchAsync();
        await _given.AStaffAsync(Roles.BranchHead, branch);
        var frozen = await _given.AStaffAsync(Roles.SalesRep, branch);
        var departed = await _given.AStaffAsync(Roles.SalesRep, branch);
        var active = await _given.AStaffAsync(Roles.SalesRep, branch);
        await _given.Admin.PostJsonAsync($"/api/staff/{frozen.Id}/freeze");
        await _given.Admin.PostJsonAsync($"/api/staff/{departed.Id}/leave");

        var registration = await _given.Admin.PostJsonAsync("/api/clients", new { clientId = "sales-service", scopes = new[] { "crm.revocations" } });
        Assert.Equal(HttpStatusCode.Created, registration.StatusCode);
        var secret = (await registration.JsonAsync()).GetProperty("clientSecret").GetString()!;

        var token = await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "sales-service", ["client_secret"] = secret, ["scope"] = "crm.revocations",
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var service = app.CreateClient();
        service.DefaultRequestHeaders.Authorization = new("Bearer", (await token.JsonAsync()).GetProperty("access_token").GetString());

        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(service.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1])).RootElement;
        Assert.Equal("service", claims.GetProperty("role").GetString()); // housekeeping only: no business data
        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("/api/staff")).StatusCode);

        var revoked = await service.GetFromJsonAsync<JsonElement>("/api/staff/revocations");
        var ids = revoked.GetProperty("staffIds").EnumerateArray().Select(i => i.GetGuid()).ToList();
        Assert.Contains(frozen.Id, ids);
        Assert.Contains(departed.Id, ids);
        Assert.DoesNotContain(active.Id, ids);

        var listed = await _given.Admin.GetAsync("/api/clients");
        var text = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        var clientIds = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("clientId").GetString());
        Assert.Equal(["erp", "sales-service"], clientIds);
    }

    [Fact]
    public async Task A_wrong_secret_for_a_registered_client_is_an_invalid_client()
    {
        await _given.Admin.PostJsonAsync("/api/clients", new { clientId = "bi-tool", scopes = Array.Empty<string>() });

        var token = await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "bi-tool", ["client_secret"] = "guessed",
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Integration, "crm.import")]
    [InlineData(Roles.GroupExecutive, null)]
    [InlineData(Roles.BranchAdmin, null)]
    public async Task The_revocation_list_is_only_for_admins_and_clients_granted_it(string role, string? scope)
    {
        var caller = app.ClientAs(role, role == Roles.BranchAdmin ? "north" : null, scopes: scope is null ? [] : [scope]);

        Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync("/api/staff/revocations")).StatusCode);
    }

    [Fact]
    public async Task The_admin_reads_the_revocation_list() =>
        Assert.Equal(HttpStatusCode.OK, (await _given.Admin.GetAsync("/api/staff/revocations")).StatusCode);

    [Fact]
    public async Task Bad_client_registrations_are_named_and_nothing_is_stored()
    {
        var response = await _given.Admin.PostJsonAsync("/api/clients", new { clientId = "Bad Id", scopes = new[] { "crm.everything" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["clientId", "scopes"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task A_taken_client_id_is_a_conflict_whether_configured_or_registered()
    {
        await _given.Admin.PostJsonAsync("/api/clients", new { clientId = "marketing", scopes = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync("/api/clients", new { clientId = "marketing" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _given.Admin.PostJsonAsync("/api/clients", new { clientId = IdentityApp.ClientId })).StatusCode);
    }

    [Fact]
    public async Task Only_a_system_admin_manages_clients()
    {
        var executive = app.ClientAs(Roles.GroupExecutive);

        Assert.Equal(HttpStatusCode.Forbidden, (await executive.PostJsonAsync("/api/clients", new { clientId = "sneaky" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await executive.GetAsync("/api/clients")).StatusCode);
    }
}
