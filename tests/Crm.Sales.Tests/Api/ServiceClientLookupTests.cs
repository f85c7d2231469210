using System.Net;
using System.Net.Http.Json;

namespace Crm.Sales.Tests.Api;

/// <summary>Sales configured with a service client, as deploy/crm and the end-to-end system run it.</summary>
public sealed class SalesServiceWithServiceClient : SalesService
{
    protected override async Task<IReadOnlyDictionary<string, string?>?> SettingsAsync()
    {
        var identity = await StandInIdentity.AddressAsync();
        return new Dictionary<string, string?>
        {
            ["Crm:Authority"] = identity,
            ["Services:identity"] = identity,
            ["Crm:ServiceClient:Id"] = StandInIdentity.ServiceClientId,
            ["Crm:ServiceClient:Secret"] = StandInIdentity.ServiceClientSecret,
        };
    }
}

/// <summary>
/// With a service client, sales asks identity about staff it has not heard of with its own token
/// (role service), so an import client, which may not read staff accounts itself, can still name
/// someone who joined a moment ago.
/// </summary>
public class ServiceClientLookupTests(SalesServiceWithServiceClient service) : IClassFixture<SalesServiceWithServiceClient>
{
    [Fact]
    public async Task Staff_unknown_to_the_replica_are_looked_up_with_the_services_own_token()
    {
        var justJoined = StandInIdentity.Knows("sales-rep", "north");
        var importer = service.ClientAsIntegration("crm.import");

        var captured = await importer.PostAsJsonAsync("/api/leads", new { company = "Migrated Trading", branch = "north", ownerId = justJoined });
        var elsewhere = await importer.PostAsJsonAsync("/api/leads", new { company = "Migrated Trading", branch = "east", ownerId = justJoined });

        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.True(StandInIdentity.LookedUpWith(StandInIdentity.ServiceToken));
    }
}
