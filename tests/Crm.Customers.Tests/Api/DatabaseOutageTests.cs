using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using Npgsql;

namespace Crm.Customers.Tests.Api;

/// <summary>While the database cannot be reached, requests get 503 with Retry-After, never a 500, and nothing is stored.</summary>
public class DatabaseOutageTests(CustomersService service) : IClassFixture<CustomersService>
{
    [Fact]
    public async Task Registering_while_the_database_refuses_connections_answers_503_with_retry_after_and_stores_nothing()
    {
        var client = service.ClientAs("group-executive");
        var name = $"Outage Trading {Guid.NewGuid():N}";
        var before = await service.StoredEventCountAsync();
        var database = new NpgsqlConnectionStringBuilder(service.Factory.DatabaseConnectionString).Database!;
        var infrastructure = await TestInfrastructure.GetAsync();

        HttpResponseMessage during;
        await infrastructure.RefuseConnectionsAsync(database, refuse: true);
        try
        {
            during = await client.PostAsJsonAsync("/api/customers", new { name, branch = "north", category = "regional-electrical-store" });
        }
        finally
        {
            await infrastructure.RefuseConnectionsAsync(database, refuse: false);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(before, await service.StoredEventCountAsync());

        var after = await client.PostAsJsonAsync("/api/customers", new { name, branch = "north", category = "regional-electrical-store" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }
}
