using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Testing;

/// <summary>
/// One CRM service in memory, over HTTP, against the real PostgreSQL (a database of its own) and the
/// real RabbitMQ (a virtual host of its own), trusting <see cref="TestTokens"/>.
/// </summary>
public sealed class CrmServiceFactory<TProgram>(
    string databaseConnectionString, Uri rabbitMq, TestTokens tokens, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly IReadOnlyDictionary<string, string?> settings = settings ?? new Dictionary<string, string?>();

    public TestTokens Tokens { get; } = tokens;
    public string DatabaseConnectionString { get; } = databaseConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", DatabaseConnectionString);
        builder.UseSetting("Crm:Database", new NpgsqlConnectionStringBuilder(DatabaseConnectionString).Database);
        builder.UseSetting("ConnectionStrings:RabbitMq", RabbitMq.ToString());
        builder.UseSetting("Crm:Issuer", TestTokens.Issuer);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    /// <summary>Starts the service with a fresh database and virtual host named after it, and any extra settings.</summary>
    public static async Task<CrmServiceFactory<TProgram>> StartAsync(string service, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var database = await infrastructure.CreateDatabaseAsync(service);
        var rabbitMq = await infrastructure.CreateVirtualHostAsync(service);
        return await StartedAsync(new CrmServiceFactory<TProgram>(database, rabbitMq, new TestTokens(), settings), service);
    }

    /// <summary>A second instance of the same service: same database, virtual host, settings and trusted key.</summary>
    public Task<CrmServiceFactory<TProgram>> StartAnotherInstanceAsync() =>
        StartedAsync(new CrmServiceFactory<TProgram>(DatabaseConnectionString, RabbitMq, Tokens, settings), "another instance");

    private static async Task<CrmServiceFactory<TProgram>> StartedAsync(CrmServiceFactory<TProgram> factory, string service)
    {
        _ = factory.Server; // starts the host, and with it the event publisher and consumers
        // The bus starts in the background; until its queues are bound, events on crm.events
        // reach no consumer, so a test must not publish before then.
        var bus = factory.Services.GetRequiredService<IBusControl>();
        if (await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60)) != BusHealthStatus.Healthy)
            throw new InvalidOperationException($"The {service} service's bus did not connect to RabbitMQ at {factory.RabbitMq}.");
        return factory;
    }

    public Uri RabbitMq { get; } = rabbitMq;

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(role, branch, staffId));
        return client;
    }
}
