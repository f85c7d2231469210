using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Crm.Tickets.Customers;

/// <summary>
/// Asks the customers service about a customer the replica has not heard of yet (registered a
/// moment ago, its event still on the way), with the caller's own token so the customers service
/// applies the caller's scope.
/// </summary>
public sealed class CustomersDirectory(HttpClient http)
{
    public const string ConfigurationKey = "Services:customers";
    public const string DefaultAddress = "http://127.0.0.1:8081";

    /// <returns>The customer as the caller may see it, or null when the customers service does not know it (for this caller).</returns>
    /// <exception cref="HttpRequestException">The customers service could not answer.</exception>
    public async Task<CustomerReplica?> FindAsync(Guid id, AuthenticationHeaderValue callerToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/customers/{id}");
        request.Headers.Authorization = callerToken;
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var seen = await response.Content.ReadFromJsonAsync<CustomerSeen>(ct);
        return seen is null ? null : new CustomerReplica(seen.Id, seen.Branch, seen.Name, seen.OwnerId, CustomerReplica.GradeOf(seen.Grade));
    }

    private sealed record CustomerSeen(Guid Id, string Branch, string Name, Guid? OwnerId, string? Grade);
}
