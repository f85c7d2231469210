using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.ServiceDefaults.Replicas;

/// <summary>What the customers service tells another service about one customer.</summary>
public sealed record CustomerSeen(Guid Id, string Branch, string Name, Guid? OwnerId, string? Grade, string? Status = null);

/// <summary>
/// ARCHITECTURE rule 1: a service asks the customers service about a customer its replica has not
/// heard of yet (registered a moment ago, its event still on the way), with the caller's own token
/// so the customers service applies the caller's scope.
/// </summary>
public sealed class CustomersDirectory(HttpClient http)
{
    public const string ConfigurationKey = "Services:customers";
    public const string DefaultAddress = "http://127.0.0.1:8081";

    /// <returns>The customer as the caller may see it, or null when the customers service does not know it (for this caller).</returns>
    /// <exception cref="HttpRequestException">The customers service could not answer.</exception>
    public async Task<CustomerSeen?> FindAsync(Guid id, AuthenticationHeaderValue callerToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/customers/{id}");
        request.Headers.Authorization = callerToken;
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CustomerSeen>(ct);
    }
}

public static class CustomersDirectorySetup
{
    public static IServiceCollection AddCustomersDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient<CustomersDirectory>(c =>
        {
            c.BaseAddress = new Uri((configuration[CustomersDirectory.ConfigurationKey] ?? CustomersDirectory.DefaultAddress).TrimEnd('/') + "/");
            c.Timeout = TimeSpan.FromSeconds(5);
        });
        return services;
    }
}
