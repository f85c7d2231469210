using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

/// <summary>Sets up branches and staff through the API, as an administrator would.</summary>
internal sealed class StaffBuilder(IdentityApp app)
{
    public const string Password = "staff-Passw0rd";

    public HttpClient Admin { get; } = app.ClientAs(Roles.SystemAdmin);

    public async Task<string> ABranchAsync()
    {
        var code = HttpExtensions.ACode();
        var response = await Admin.PostJsonAsync("/api/branches", new { code, name = $"Branch {code}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }

    public async Task<Member> AStaffAsync(string role, string? branch, string password = Password)
    {
        var username = HttpExtensions.ACode("u");
        var response = await Admin.PostJsonAsync("/api/staff", new { username, name = $"Staff {username}", role, branch, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Member(body.GetProperty("id").GetGuid(), username, role, branch);
    }

    public async Task<JsonElement> GetAsync(Guid id) =>
        await Admin.GetFromJsonAsync<JsonElement>($"/api/staff/{id}");
}

internal sealed record Member(Guid Id, string Username, string Role, string? Branch);
