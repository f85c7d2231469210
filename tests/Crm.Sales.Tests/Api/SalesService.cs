using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Customers;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Api;

/// <summary>The sales service over HTTP with a database and a virtual host of its own.</summary>
public sealed class SalesService : IAsyncLifetime
{
    public CrmServiceFactory<Program> Factory { get; private set; } = null!;
    public Uri RabbitMq => Factory.RabbitMq;
    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        // Read by the service's configuration as Services:customers when its host starts.
        Environment.SetEnvironmentVariable("Services__customers", await StandInCustomersService.AddressAsync());
        Factory = await CrmServiceFactory<Program>.StartAsync("sales");
    }

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null) => Factory.ClientAs(role, branch, staffId);

    /// <summary>An external system's client, holding <paramref name="scopes"/> (crm.import to migrate history).</summary>
    public HttpClient ClientAsIntegration(params string[] scopes)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Tokens.ForClient("legacy-crm", scopes));
        return client;
    }

    public async Task<long> StoredEventCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).LongCountAsync();
    }

    public async Task<CustomerReplica?> ReplicaAsync(Guid customerId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<CustomerReplica>(customerId);
    }

    public async Task<int> InboxEntriesAsync(Guid eventId)
    {
        await using var session = Store.QuerySession();
        return await session.Query<Crm.ServiceDefaults.Messaging.InboxEntry>().CountAsync(e => e.EventId == eventId);
    }

    /// <summary>Publishes customer-registered as the customers service would.</summary>
    public Task PublishCustomerRegisteredAsync(Guid eventId, Guid customerId, string branch, Guid? ownerId, string name = "Hengda Electrical") =>
        EventSubscriber.PublishAsync(RabbitMq, "customers.customer-registered",
            new { customerId, branch, name, category = "regional-electrical-store", ownerId, registeredAt = DateTimeOffset.UtcNow },
            new Dictionary<string, string>
            {
                ["ce-id"] = eventId.ToString(),
                ["ce-type"] = "crm.customers.customer-registered.v1",
                ["ce-source"] = "/crm/customers",
                ["ce-time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["ce-subject"] = customerId.ToString(),
                ["crm-branch"] = branch,
            });

    /// <summary>
    /// Publishes a customers event as the customers service does, with its position in that service's
    /// store (<c>crm-position</c>), and waits until sales has consumed it (its inbox entry).
    /// </summary>
    public async Task DeliverCustomerEventAsync(string name, object body, Guid customerId, string branch, long position)
    {
        var eventId = Guid.CreateVersion7();
        await EventSubscriber.PublishAsync(RabbitMq, $"customers.{name}", body, new Dictionary<string, string>
        {
            ["ce-id"] = eventId.ToString(),
            ["ce-type"] = $"crm.customers.{name}.v1",
            ["ce-source"] = "/crm/customers",
            ["ce-time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["ce-subject"] = customerId.ToString(),
            ["crm-branch"] = branch,
            ["crm-position"] = position.ToString(CultureInfo.InvariantCulture),
        });
        await Eventually.Get(() => InboxEntriesAsync(eventId), n => n == 1, what: $"{name} at position {position} consumed");
    }

    /// <summary>A customer sales has heard of, in <paramref name="branch"/>, owned by <paramref name="ownerId"/>.</summary>
    public async Task<Guid> AKnownCustomerAsync(string branch = "north", Guid? ownerId = null)
    {
        var id = Guid.CreateVersion7();
        await PublishCustomerRegisteredAsync(Guid.CreateVersion7(), id, branch, ownerId);
        await Eventually.Get(() => ReplicaAsync(id), r => r is not null, what: "customer in the replica");
        return id;
    }

    public async Task<(Guid Id, JsonElement Body, string ETag)> CreateAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode != System.Net.HttpStatusCode.Created) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), json, response.Headers.ETag!.Tag);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
