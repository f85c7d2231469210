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
        EventSubscriber.PublishAsync(RabbitMq, "customers.customer-registered",
            new { customerId, branch, name = $"Customer {customerId:N}", category, ownerId, registeredAt = DateTimeOffset.UtcNow },
            new Dictionary<string, string>
            {
                ["ce-id"] = eventId.ToString(),
                ["ce-type"] = "crm.customers.customer-registered.v1",
                ["ce-source"] = "/crm/customers",
                ["ce-time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["ce-subject"] = customerId.ToString(),
                ["crm-branch"] = branch,
                ["crm-position"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
