using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// Makes a stalled outbox visible: how many committed events are still waiting to be published and
/// since when nothing has left. Waiting events are safe in the store (the broker may be down), so
/// this degrades readiness, it never fails it.
/// </summary>
internal sealed class EventPublishingHealth(IDocumentStore store, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private long lastSeenPosition = -1;
    private DateTimeOffset lastMoved = DateTimeOffset.MinValue;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stored = (await store.Advanced.FetchEventStoreStatistics(token: cancellationToken)).EventSequenceNumber;
        var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
        var published = progress.FirstOrDefault(p => p.ShardName.StartsWith(IntegrationEventPublisher.SubscriptionName, StringComparison.Ordinal))?.Sequence ?? 0;
        var now = time.GetUtcNow();
        if (published != lastSeenPosition)
        {
            lastSeenPosition = published;
            lastMoved = now;
        }

        var waiting = Math.Max(0, stored - published);
        var data = new Dictionary<string, object> { ["storedPosition"] = stored, ["publishedPosition"] = published, ["waiting"] = waiting };
        return waiting > 0 && now - lastMoved > Patience
            ? HealthCheckResult.Degraded($"{waiting} committed events are waiting to be published; none has left since {lastMoved:O} (is RabbitMQ reachable?)", data: data)
            : HealthCheckResult.Healthy($"{waiting} events waiting to be published", data);
    }
}
