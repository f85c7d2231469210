using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using Crm.Tickets.Customers;
using Crm.Tickets.Escalation;
using MassTransit;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tickets.Tests.Api;

/// <summary>
/// The tickets service over HTTP with a database and a virtual host of its own, on a clock tests
/// can move on. <see cref="AnotherInstanceAsync"/> starts a second instance on the same database
/// and broker, as when the service is scaled out.
/// </summary>
public sealed class TicketsService : IAsyncLifetime
{
    private readonly List<WebApplicationFactory<Program>> instances = [];

    public TestClock Clock { get; } = new();
    /// <summary>The settings every instance shares; never started itself.</summary>
    private CrmServiceFactory<Program> Configuration { get; set; } = null!;
    /// <summary>The first instance still running.</summary>
    public WebApplicationFactory<Program> Factory => instances[0];
    public Uri RabbitMq => Configuration.RabbitMq;
    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        // Read by the service's configuration as Services:customers when its host starts.
        Environment.SetEnvironmentVariable("Services__customers", await StandInCustomersService.AddressAsync());
        var infrastructure = await TestInfrastructure.GetAsync();
        Configuration = new CrmServiceFactory<Program>(
            await infrastructure.CreateDatabaseAsync("tickets"), await infrastructure.CreateVirtualHostAsync("tickets"), new TestTokens());
        await AnotherInstanceAsync();
    }

    /// <summary>One more instance of the service: same database, same virtual host, same clock.</summary>
    public async Task<WebApplicationFactory<Program>> AnotherInstanceAsync()
    {
        var instance = Configuration.WithWebHostBuilder(b =>
        {
            b.UseSetting(SlaWatch.IntervalKey, "00:00:00.200");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        _ = instance.Server;
        var bus = instance.Services.GetRequiredService<IBusControl>();
        if (await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60)) != BusHealthStatus.Healthy)
            throw new InvalidOperationException("The tickets service's bus did not connect to RabbitMQ.");
        instances.Add(instance);
        return instance;
    }

    /// <summary>Stops one instance, as when it is scaled in or crashes; the others carry on.</summary>
    public async Task StopAsync(WebApplicationFactory<Program> instance)
    {
        instances.Remove(instance);
        await instance.DisposeAsync();
    }

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null) => ClientOf(Factory, role, branch, staffId);

    public HttpClient ClientOf(WebApplicationFactory<Program> instance, string role, string? branch = null, Guid? staffId = null)
    {
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(role, branch, staffId));
        return client;
    }

    public string TokenFor(string role, string? branch = null, Guid? staffId = null) => Configuration.Tokens.For(role, branch, staffId);

    /// <summary>An integration client whose token carries the given scopes (e.g. crm.import).</summary>
    public HttpClient IntegrationWith(params string[] scopes)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Configuration.Tokens.For("integration", scopes: scopes));
        return client;
    }

    public async Task<CustomerReplica?> ReplicaAsync(Guid customerId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<CustomerReplica>(customerId);
    }

    /// <summary>
    /// Publishes a customers event as the customers service would, with its position in that
    /// service's store (<c>crm-position</c>) when given.
    /// </summary>
    public Task PublishAsync(string name, Guid subject, string branch, object body, Guid? eventId = null, long? position = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["ce-id"] = (eventId ?? Guid.CreateVersion7()).ToString(),
            ["ce-type"] = $"crm.customers.{name}.v1",
            ["ce-source"] = "/crm/customers",
            ["ce-time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["ce-subject"] = subject.ToString(),
            ["crm-branch"] = branch,
        };
        if (position is { } at) headers["crm-position"] = at.ToString(CultureInfo.InvariantCulture);
        return EventSubscriber.PublishAsync(RabbitMq, $"customers.{name}", body, headers);
    }

    /// <summary>Publishes a customers event with its store position and waits until tickets has consumed it (its inbox entry).</summary>
    public async Task DeliverAsync(string name, Guid subject, string branch, long position, object body)
    {
        var eventId = Guid.CreateVersion7();
        await PublishAsync(name, subject, branch, body, eventId, position);
        await Eventually.Get(() => InboxEntriesAsync(eventId), n => n == 1, what: $"customers.{name} at position {position} consumed");
    }

    public async Task<int> InboxEntriesAsync(Guid eventId)
    {
        await using var session = Store.QuerySession();
        return await session.Query<Crm.ServiceDefaults.Messaging.InboxEntry>().CountAsync(e => e.EventId == eventId);
    }

    /// <summary>A customer the tickets service has heard of, in <paramref name="branch"/>.</summary>
    public async Task<Guid> AKnownCustomerAsync(string branch = "north", Guid? ownerId = null, string grade = "normal")
    {
        var id = Guid.CreateVersion7();
        await PublishAsync("customer-registered", id, branch, new
        {
            customerId = id, branch, name = "Hengda Electrical", category = "regional-electrical-store", ownerId, registeredAt = DateTimeOffset.UtcNow, grade,
        });
        await Eventually.Get(() => ReplicaAsync(id), r => r is not null, what: "customer in the replica");
        return id;
    }

    /// <summary>Opens a ticket as a group executive (or <paramref name="client"/>) and returns its id, body and ETag.</summary>
    public async Task<(Guid Id, JsonElement Body, string ETag)> OpenAsync(Guid customerId, string priority = "urgent", HttpClient? client = null)
    {
        var response = await (client ?? ClientAs("group-executive")).PostAsJsonAsync("/api/tickets",
            new { customerId, category = "complaint", priority, channel = "phone", subject = "Cable reel arrived broken" });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode != System.Net.HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/tickets: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), json, response.Headers.ETag!.Tag);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in instances) await instance.DisposeAsync();
        await Configuration.DisposeAsync();
    }
}
