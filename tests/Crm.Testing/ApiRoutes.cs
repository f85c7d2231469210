using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing;

/// <summary>Every public API route a service maps, as "METHOD /pattern", so access tables can prove they cover them all.</summary>
public static class ApiRoutes
{
    public static IReadOnlySet<string> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Fails naming every route the access table has no rows for.</summary>
    public static void AssertCovered(IServiceProvider services, IEnumerable<object[]> table)
    {
        var uncovered = Of(services).Except(table.Select(row => (string)row[0])).ToList();

        Xunit.Assert.True(uncovered.Count == 0, $"Routes without access rows: {string.Join(", ", uncovered)}");
    }
}
