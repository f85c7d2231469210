using System.Text.Json;
using Crm.Gateway.Routing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Gateway.Health;

/// <summary>
/// /health/live: the process answers. /health/ready: the routes are configured and identity answers discovery
/// (without it no token can be checked). Other services' own health is deliberately not part of readiness:
/// a service reporting its broker degraded must never take the gateway out of rotation.
/// </summary>
public static class GatewayHealth
{
    private const string Ready = "ready";
    public const string IdentityClient = "identity-discovery";

    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var authority = (configuration["Crm:Authority"] ?? "http://127.0.0.1:8085").TrimEnd('/');
        services.AddHttpClient(IdentityClient, client =>
        {
            client.BaseAddress = new Uri(authority + "/");
            client.Timeout = TimeSpan.FromSeconds(3);
        });
        services.AddHealthChecks()
            .AddCheck<RoutesConfiguredCheck>("routes", tags: [Ready])
            .AddCheck<IdentityDiscoveryCheck>("identity", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJson })
            .AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }, JsonSerializerOptions.Web, context.RequestAborted);
    }
}

internal sealed class RoutesConfiguredCheck(ServiceDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(directory.Missing.Count == 0
            ? HealthCheckResult.Healthy($"{directory.Addresses.Count} services routed")
            : HealthCheckResult.Unhealthy("No valid Services:<name> URL for " + string.Join(", ", directory.Missing)));
}

internal sealed class IdentityDiscoveryCheck(IHttpClientFactory clients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(GatewayHealth.IdentityClient)
                .GetAsync(".well-known/openid-configuration", cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("Discovery document available")
                : HealthCheckResult.Unhealthy($"Discovery answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("Identity service unreachable", ex);
        }
    }
}
