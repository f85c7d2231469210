using System.Net;
using System.Net.Http.Json;
using Crm.Revocation;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Customers.Tests.Api;

/// <summary>
/// The customers service once it knows the opened branches (north and east), as after loading
/// identity's branch list. The other fixtures leave the list unloaded, so every branch is accepted there.
/// </summary>
public sealed class CustomersServiceWithKnownBranches : IAsyncLifetime
{
    public CrmServiceFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await CrmServiceFactory<Program>.StartAsync("customers");
        Factory.Services.GetRequiredService<KnownBranches>().ApplyList(["north", "east"], DateTimeOffset.UtcNow);
    }

    public async Task<long> StoredEventCountAsync(string branch)
    {
        await using var session = Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.TenantId == branch).LongCountAsync();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public class OpenedBranchesTests(CustomersServiceWithKnownBranches service) : IClassFixture<CustomersServiceWithKnownBranches>
{
    private HttpClient Exec => service.Factory.ClientAs("group-executive");

    [Fact]
    public async Task Registering_a_customer_in_a_branch_never_opened_is_refused_and_stores_nothing()
    {
        var response = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("atlantis"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").GetProperty("branch");
        Assert.Contains(errors.EnumerateArray(), e => e.GetString() == "No branch with this code has been opened.");
        Assert.Equal(0, await service.StoredEventCountAsync("atlantis"));
        Assert.Equal(HttpStatusCode.Created, (await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north"))).StatusCode);
    }

    [Fact]
    public async Task A_customer_cannot_be_transferred_to_a_branch_never_opened()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));

        var response = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "atlantis" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).HasError("branch"));
        Assert.Equal(0, await service.StoredEventCountAsync("atlantis"));
        Assert.Equal(HttpStatusCode.OK, (await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" })).StatusCode);
    }
}
