using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Revocation;

/// <summary>
/// Degraded (still serving) until identity's revocation list is loaded: until then a token of staff
/// frozen before this instance started would be accepted.
/// </summary>
internal sealed class RevocationHealthCheck(RevokedStaff revoked, RevocationList list) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(revoked.ListLoadedAt is { } loadedAt
            ? HealthCheckResult.Healthy($"{revoked.Count} staff refused; list loaded from identity at {loadedAt:O}")
            : !list.HasServiceClient
                ? HealthCheckResult.Degraded("No service client configured: only staff-frozen and staff-left events received since start are applied")
                : HealthCheckResult.Degraded("The revoked staff list is not loaded from identity yet" +
                    (list.LastFailure is { } failure ? $": {failure}" : "")));
}
