using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// A frozen account's tokens already issued are refused by the gateway and by every service within
/// seconds (staff-frozen on crm.events), and work again only through a new sign-in once unfrozen.
/// </summary>
[Collection(SystemCollection.Name)]
public class RevocationTests(CrmSystem system)
{
    private const string StaffPassword = "e2e-Frozen-Passw0rd!";
    private static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(15);

    /// <summary>401 when the token is refused; 404 (no such customer) when it is accepted.</summary>
    private async Task<HttpStatusCode> ReadCustomerAsync(string token, string target)
    {
        using var client = system.Client(token, target);
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");
        return response.StatusCode;
    }

    private async Task<string?> TrySignInAsync(string username)
    {
        try
        {
            return await system.SignInAsync(username, StaffPassword);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_frozen_staff_member_s_token_is_refused_at_the_gateway_and_the_service_and_a_new_sign_in_works_once_unfrozen()
    {
        using var admin = system.Client(await system.SignInAsync("admin", CrmSystem.AdminPassword));
        var username = $"frozen-{Guid.NewGuid():N}"[..16];
        using var joined = await admin.PostAsJsonAsync("/api/staff",
            new { username, name = "Frozen Example", role = "group-executive", password = StaffPassword });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var staffId = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var token = await system.SignInAsync(username, StaffPassword);
        foreach (var target in new[] { "gateway", "customers" })
            Assert.Equal(HttpStatusCode.NotFound, await ReadCustomerAsync(token, target));

        using (var frozen = await admin.PostAsJsonAsync($"/api/staff/{staffId}/freeze", new { reason = "end-to-end revocation test" }))
            Assert.True(frozen.IsSuccessStatusCode, $"freeze answered {(int)frozen.StatusCode}");

        foreach (var target in new[] { "gateway", "customers" })
            await Eventually.Get(() => ReadCustomerAsync(token, target), s => s == HttpStatusCode.Unauthorized, WithinSeconds,
                $"the frozen staff member's token refused at {target}");
        Assert.Null(await TrySignInAsync(username));

        using (var unfrozen = await admin.PostAsJsonAsync($"/api/staff/{staffId}/unfreeze", new { }))
            Assert.True(unfrozen.IsSuccessStatusCode, $"unfreeze answered {(int)unfrozen.StatusCode}");

        var fresh = await Eventually.Get(() => TrySignInAsync(username), t => t is not null, WithinSeconds, "a new sign-in after unfreezing");
        foreach (var target in new[] { "gateway", "customers" })
            await Eventually.Get(() => ReadCustomerAsync(fresh!, target), s => s == HttpStatusCode.NotFound, WithinSeconds,
                $"the new token accepted at {target}");
    }

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task Identity_s_revoked_staff_list_is_loaded_with_the_service_client(string target)
    {
        using var client = system.Client(target: target);

        var check = await Eventually.Get(async () =>
                (await client.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("checks").GetProperty("revoked-staff"),
            c => c.GetProperty("status").GetString() == "Healthy", TimeSpan.FromSeconds(60), $"{target} loaded the revoked staff list");

        Assert.Contains("loaded from identity", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
