using System.Net;
using Crm.Testing;

namespace Crm.Revocation.Tests;

/// <summary>The customers service, standing in for any service built on Crm.ServiceDefaults.</summary>
public sealed class CustomersInstance : IAsyncLifetime
{
    public CrmServiceFactory<Crm.Customers.Program> Factory { get; private set; } = null!;
    public Uri RabbitMq => Factory.RabbitMq;

    public async Task InitializeAsync() => Factory = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers");

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A staff member's request: 401 when refused; 404 (no such customer) once the token is accepted.</summary>
    public static async Task<HttpStatusCode> RequestAsAsync(CrmServiceFactory<Crm.Customers.Program> instance, Guid staffId)
    {
        using var client = instance.ClientAs("sales-rep", "north", staffId);
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");
        return response.StatusCode;
    }
}
