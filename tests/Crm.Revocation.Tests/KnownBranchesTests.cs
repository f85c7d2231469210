using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Revocation.Tests;

/// <summary>A token for a branch that was never opened is refused once identity's branch list is loaded.</summary>
public class KnownBranchesTests
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(10);

    private static async Task<HttpStatusCode> RequestInBranchAsync(CrmServiceFactory<Crm.Customers.Program> service, string branch)
    {
        using var client = service.ClientAs("sales-rep", branch, Guid.CreateVersion7());
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");
        return response.StatusCode;
    }

    private static async Task<JsonElement> BranchHealthAsync(CrmServiceFactory<Crm.Customers.Program> service)
    {
        using var client = service.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("known-branches");
    }

    private static async Task<CrmServiceFactory<Crm.Customers.Program>> StartLoadedAsync(StandInIdentity identity)
    {
        var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);
        await Eventually.Get(() => BranchHealthAsync(service), c => c.GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(30), "the branch list loaded");
        return service;
    }

    [Fact]
    public async Task A_token_for_a_branch_never_opened_is_refused_with_a_clear_401_while_an_opened_branch_passes()
    {
        await using var identity = await StandInIdentity.StartAsync([]);
        await using var service = await StartLoadedAsync(identity);

        using var client = service.ClientAs("sales-rep", "atlantis", Guid.CreateVersion7());
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not an opened branch", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await RequestInBranchAsync(service, "north"));
        // Group-level tokens name no branch and are not affected.
        using var executive = service.ClientAs("group-executive");
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync($"/api/customers/{Guid.CreateVersion7()}")).StatusCode);
    }

    [Fact]
    public async Task A_branch_opened_after_start_up_is_accepted_within_seconds()
    {
        await using var identity = await StandInIdentity.StartAsync([]);
        await using var service = await StartLoadedAsync(identity);
        var branch = $"new-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Unauthorized, await RequestInBranchAsync(service, branch));

        await IdentityEvents.OpenBranchAsync(service.RabbitMq, branch);

        await Eventually.Get(() => RequestInBranchAsync(service, branch), s => s == HttpStatusCode.NotFound, Seconds,
            "the token for the newly opened branch accepted");
    }

    [Fact]
    public async Task Until_identity_answers_no_branch_is_refused_and_readiness_says_why()
    {
        await using var identity = await StandInIdentity.StartAsync([], unavailableFor: int.MaxValue);
        await using var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);

        var check = await Eventually.Get(() => BranchHealthAsync(service),
            c => c.GetProperty("description").GetString()!.Contains("503", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "readiness naming identity's answer");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("not loaded", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await RequestInBranchAsync(service, "atlantis"));
    }
}
