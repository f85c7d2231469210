using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>The reporting service over HTTP with a database and a virtual host of its own.</summary>
public sealed class ReportingService : IAsyncLifetime
{
    public CrmServiceFactory<Program> Factory { get; private set; } = null!;
    public Uri RabbitMq => Factory.RabbitMq;

    public async Task InitializeAsync() => Factory = await CrmServiceFactory<Program>.StartAsync("reporting");

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null) => Factory.ClientAs(role, branch, staffId);

    /// <summary>Publishes customer-registered as the customers service would, with a given event id.</summary>
    public Task PublishCustomerRegisteredAsync(Guid eventId, Guid customerId, string branch, string category, long position, Guid? ownerId = null) =>
        PublishAsync("customers.customer-registered", eventId, customerId, branch, position,
            new { customerId, branch, name = $"Customer {customerId:N}", category, ownerId, registeredAt = DateTimeOffset.UtcNow });

    /// <summary>Publishes a customer-registered event whose body breaks its contract (the id is no GUID): poison.</summary>
    public Task PublishUnreadableCustomerAsync(Guid eventId) =>
        EventSubscriber.PublishAsync(RabbitMq, "customers.customer-registered",
            new { customerId = "not-a-guid", branch = "north", name = "Broken", category = "other" },
            new Dictionary<string, string> { ["ce-id"] = eventId.ToString(), ["ce-type"] = "crm.customers.customer-registered.v1" });

    /// <summary>Publishes a public event on crm.events with the headers its owning service sets.</summary>
    public Task PublishAsync(string routingKey, Guid eventId, Guid subject, string branch, long position, object body) =>
        EventSubscriber.PublishAsync(RabbitMq, routingKey, body, Headers(routingKey, eventId, subject, branch, position));

    /// <summary>The headers the owning service sets on a public event.</summary>
    public static Dictionary<string, string> Headers(string routingKey, Guid eventId, Guid subject, string branch, long position) => new()
        {
            ["ce-id"] = eventId.ToString(),
            ["ce-type"] = $"crm.{routingKey}.v1",
            ["ce-source"] = $"/crm/{routingKey.Split('.')[0]}",
            ["ce-time"] = DateTimeOffset.UtcNow.ToString("O"),
            ["ce-subject"] = subject.ToString(),
            ["crm-branch"] = branch,
            ["crm-position"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
