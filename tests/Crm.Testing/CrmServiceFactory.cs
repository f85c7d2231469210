using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;

namespace Crm.Testing;

/// <summary>
/// One CRM service in memory, over HTTP, against the real PostgreSQL (a database of its own) and the
/// real RabbitMQ (a virtual host of its own), trusting <see cref="TestTokens"/>.
/// </summary>
public sealed class CrmServiceFactory<TProgram>(string databaseConnectionString, Uri rabbitMq, TestTokens tokens)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    public TestTokens Tokens { get; } = tokens;
    public string DatabaseConnectionString { get; } = databaseConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", DatabaseConnectionString);
        builder.UseSetting("Crm:Database", new NpgsqlConnectionStringBuilder(DatabaseConnectionString).Database);
        builder.UseSetting("ConnectionStrings:RabbitMq", rabbitMq.ToString());
        builder.UseSetting("Crm:Issuer", TestTokens.Issuer);
        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(role, branch, staffId));
        return client;
    }
}
