using System.Globalization;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// The event store is the outbox: committed events leave through this Marten subscription (run by
/// the async daemon) and are published on <c>crm.events</c>. A command never publishes inline, so an
/// event is never lost while the broker is down and never published for a rolled-back command.
/// While the broker is unreachable the batch is retried here with backoff: an exception escaping a
/// subscription would pause it until someone restarts it.
/// </summary>
public sealed class IntegrationEventPublisher(
    IIntegrationEventMapper mapper,
    IBus bus,
    ServiceIdentity service,
    TimeProvider time,
    ILogger<IntegrationEventPublisher> logger) : SubscriptionBase
{
    /// <summary>The subscription's name in Marten's progress table.</summary>
    public const string SubscriptionName = "crm-events-publisher";

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var outgoing = page.Events
            .Select(stored => (stored, contract: mapper.Map(stored)))
            .Where(x => x.contract is not null)
            .ToList();
        if (outgoing.Count == 0) return NullChangeListener.Instance;

        var backoff = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PublishAsync(outgoing!, cancellationToken);
                if (attempt > 1) logger.LogInformation("Published {Count} held-back events after {Attempts} attempts", outgoing.Count, attempt);
                return NullChangeListener.Instance;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Publishing {Count} events failed (attempt {Attempt}); retrying in {Backoff}", outgoing.Count, attempt, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    // In order per record, in parallel across records: one stream's events are sent one after the
    // other, while different streams keep their publishes in flight together.
    private async Task PublishAsync(List<(IEvent stored, object contract)> outgoing, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout + TimeSpan.FromSeconds(outgoing.Count / 100));
        var endpoint = await bus.GetSendEndpoint(CrmEvents.ExchangeAddress);
        var perStream = outgoing.GroupBy(x => x.stored.StreamId).Select(async stream =>
        {
            foreach (var (stored, contract) in stream)
                await endpoint.Send(contract, contract.GetType(), context => Describe(context, stored, contract), timeout.Token);
        });
        await Task.WhenAll(perStream);
    }

    private void Describe(SendContext context, IEvent stored, object contract)
    {
        var description = CrmEvents.Describe(contract.GetType());
        context.SetRoutingKey(description.RoutingKey);
        context.MessageId = stored.Id;
        context.CorrelationId = Guid.TryParse(stored.CorrelationId, out var correlation) ? correlation : null;
        context.Durable = true;
        context.Headers.Set(CrmEvents.SpecVersionHeader, "1.0");
        context.Headers.Set(CrmEvents.IdHeader, stored.Id.ToString());
        context.Headers.Set(CrmEvents.TypeHeader, description.CloudEventType);
        context.Headers.Set(CrmEvents.SourceHeader, $"/crm/{service.Name}");
        context.Headers.Set(CrmEvents.TimeHeader, stored.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        context.Headers.Set(CrmEvents.SubjectHeader, stored.StreamId.ToString());
        context.Headers.Set(CrmEvents.PositionHeader, stored.Sequence);
        if (Security.BranchScope.IsBranch(stored.TenantId)) context.Headers.Set(CrmEvents.BranchHeader, stored.TenantId);
        if (stored.CorrelationId is { Length: > 0 }) context.Headers.Set(CrmEvents.CorrelationHeader, stored.CorrelationId);
    }
}
