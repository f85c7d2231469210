using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Revocation;

/// <summary>
/// Degraded (still serving) until identity's branch list is loaded: until then tokens and commands
/// naming a branch that was never opened are not refused.
/// </summary>
internal sealed class KnownBranchesHealthCheck(KnownBranches branches, RevocationList list) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(branches.ListLoadedAt is { } loadedAt
            ? HealthCheckResult.Healthy($"{branches.Count} branches opened; list loaded from identity at {loadedAt:O}")
            : !list.HasServiceClient
                ? HealthCheckResult.Degraded("No service client configured: no branch is refused, as the opened branches are not known")
                : HealthCheckResult.Degraded("The opened branches list is not loaded from identity yet" +
                    (list.LastFailure is { } failure ? $": {failure}" : "")));
}
