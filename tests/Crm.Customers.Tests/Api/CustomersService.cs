using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Customers.Tests.Api;

/// <summary>The customers service over HTTP with a database and a virtual host of its own.</summary>
public sealed class CustomersService : IAsyncLifetime
{
    public CrmServiceFactory<Program> Factory { get; private set; } = null!;
    public Uri RabbitMq => Factory.RabbitMq;

    public async Task InitializeAsync() => Factory = await CrmServiceFactory<Program>.StartAsync("customers");

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null) => Factory.ClientAs(role, branch, staffId);

    /// <summary>An integration client whose token carries the given scopes (e.g. crm.import).</summary>
    public HttpClient IntegrationWith(params string[] scopes)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Tokens.For("integration", scopes: scopes));
        return client;
    }

    public async Task<long> StoredEventCountAsync()
    {
        await using var session = Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).LongCountAsync();
    }

    public async Task<int> InboxCountAsync(string consumer)
    {
        await using var session = Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Crm.ServiceDefaults.Messaging.InboxEntry>().CountAsync(e => e.Consumer == consumer);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
