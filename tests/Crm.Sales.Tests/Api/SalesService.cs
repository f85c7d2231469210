using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Customers;
using Crm.ServiceDefaults.Replicas;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Api;

/// <summary>The sales service over HTTP with a database and a virtual host of its own.</summary>
public class SalesService : IAsyncLifetime
{
    public CrmServiceFactory<Program> Factory { get; private set; } = null!;
    public Uri RabbitMq => Factory.RabbitMq;
    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        // Read by the service's configuration as Services:customers when its host starts.
        Environment.SetEnvironmentVariable("Services__customers", await StandInCustomersService.AddressAsync());
        Environment.SetEnvironmentVariable("Services__identity", await StandInIdentity.AddressAsync());
        Factory = await CrmServiceFactory<Program>.StartAsync("sales", await SettingsAsync());
    }

    /// <summary>Settings beyond the test defaults, for fixtures that run the service configured otherwise.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>?> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>?>(null);

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

    /// <summary>Staff sales has heard of (straight into the replica: these tests are not about how staff arrive).</summary>
    public async Task<Guid> KnowStaffAsync(Guid staffId, string role = "sales-rep", string? branch = "north", StaffReplicaStatus status = StaffReplicaStatus.Active)
    {
        await using var session = Store.LightweightSession();
        session.Store(new StaffReplica(staffId, role, branch, status));
        await session.SaveChangesAsync();
        return staffId;
    }

    public Task<Guid> AStaffMemberAsync(string role = "sales-rep", string? branch = "north", StaffReplicaStatus status = StaffReplicaStatus.Active) =>
        KnowStaffAsync(Guid.CreateVersion7(), role, branch, status);

    public async Task<StaffReplica?> StaffReplicaAsync(Guid staffId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<StaffReplica>(staffId);
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
    public Task DeliverCustomerEventAsync(string name, object body, Guid customerId, string branch, long position) =>
        DeliverEventAsync("customers", name, body, customerId, branch, position);

    /// <summary>Publishes one event as <paramref name="source"/> would, with its store position, and waits until sales has consumed it.</summary>
    public async Task DeliverEventAsync(string source, string name, object body, Guid subject, string? branch, long position)
    {
        var eventId = await PublishEventAsync(source, name, body, subject, branch, position);
        await Eventually.Get(() => InboxEntriesAsync(eventId), n => n == 1, what: $"{source}.{name} at position {position} consumed");
    }

    /// <summary>Publishes one event as <paramref name="source"/> would, with its store position; returns its id.</summary>
    public async Task<Guid> PublishEventAsync(string source, string name, object body, Guid subject, string? branch, long position)
    {
        var eventId = Guid.CreateVersion7();
        var headers = new Dictionary<string, string>
        {
            ["ce-id"] = eventId.ToString(),
            ["ce-type"] = $"crm.{source}.{name}.v1",
            ["ce-source"] = $"/crm/{source}",
            ["ce-time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["ce-subject"] = subject.ToString(),
            ["crm-position"] = position.ToString(CultureInfo.InvariantCulture),
        };
        if (branch is not null) headers["crm-branch"] = branch;
        await EventSubscriber.PublishAsync(RabbitMq, $"{source}.{name}", body, headers);
        return eventId;
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
