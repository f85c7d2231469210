using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Identity.Bootstrap;

/// <summary>Identity is ready once the bootstrap accounts exist, so `up` and tests can sign in as soon as it says so.</summary>
public sealed class BootstrapHealth(BootstrapAccounts bootstrap) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bootstrap.Completed
            ? HealthCheckResult.Healthy("Bootstrap accounts exist.")
            : HealthCheckResult.Unhealthy("Bootstrap accounts are not created yet."));
}
