using System.Globalization;
using System.Threading.Channels;
using Crm.Reporting.Reports;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Reporting.Integration;

/// <summary>
/// Records consumed events in batches: every event handed over while a batch was being written goes
/// into the next one, appended and projected in one transaction. A consumer waits for its own event's
/// outcome, so MassTransit acknowledges, retries or dead-letters each message on its own: a batch that
/// fails for a reason other than a passing fault is written again one event at a time, and only the
/// event that fails alone is faulted.
/// </summary>
public sealed class EventRecorder(IDocumentStore store, TimeProvider time, ILogger<EventRecorder> logger) : BackgroundService
{
    /// <summary>The most events written in one transaction.</summary>
    public const int MaxBatch = 500;

    private readonly Channel<Received> incoming = Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Hands <paramref name="context"/>'s event over, filed under <paramref name="subject"/>; completes once it is recorded (or was before).</summary>
    public Task RecordAsync<T>(ConsumeContext<T> context, Guid subject) where T : class
    {
        if (subject == Guid.Empty) throw new PoisonEventException($"A {typeof(T).Name} event names no record (its id is empty).");
        var eventId = Inbox.EventIdOf(context);
        var received = new Received(
            $"reporting.{typeof(T).Name}", eventId, subject, context.Message,
            context.Headers.Get<long>(CrmEvents.PositionHeader) ?? 0,
            context.Headers.Get<string>(CrmEvents.TimeHeader) ?? time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        if (!incoming.Writer.TryWrite(received)) throw new RecorderStoppedException();
        return received.Recorded.Task.WaitAsync(context.CancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Received>(MaxBatch);
        try
        {
            while (await incoming.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && incoming.Reader.TryRead(out var next)) batch.Add(next);
                await RecordAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Not recorded: each goes back to its queue through the consumer's retry (or the broker, once the process is gone).
            incoming.Writer.TryComplete();
            foreach (var left in batch) left.Recorded.TrySetException(new RecorderStoppedException());
            while (incoming.Reader.TryRead(out var left)) left.Recorded.TrySetException(new RecorderStoppedException());
        }
    }

    private async Task RecordAsync(List<Received> batch, CancellationToken ct)
    {
        try
        {
            var started = time.GetTimestamp();
            await WriteAsync(batch, ct);
            foreach (var r in batch) r.Recorded.TrySetResult();
            logger.LogDebug("Recorded a batch of {Count} events in {Elapsed} ms", batch.Count, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (batch.Count > 1 && !TransientFaults.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "A batch of {Count} events could not be recorded; recording them one by one to find the failing one", batch.Count);
            foreach (var r in batch)
            {
                try
                {
                    await WriteAsync([r], ct);
                    r.Recorded.TrySetResult();
                }
                catch (Exception one) when (!ct.IsCancellationRequested)
                {
                    r.Recorded.TrySetException(one);
                }
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            foreach (var r in batch) r.Recorded.TrySetException(ex);
        }
    }

    private async Task WriteAsync(IReadOnlyList<Received> batch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var ids = batch.Select(r => r.InboxId).Distinct(StringComparer.Ordinal).ToArray();
        var seen = (await session.LoadManyAsync<InboxEntry>(ct, ids)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = batch.Where(r => !seen.Contains(r.InboxId)).DistinctBy(r => r.InboxId, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0) return;

        await session.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        foreach (var r in fresh) session.Insert(new InboxEntry(r.InboxId, r.EventId, r.Consumer, now));
        // Kept answers worked out before this commits are out of date after it.
        await ReportCache.QueueChange(session, ct);
        var existing = await LockStreamsAsync(session, [.. fresh.Select(r => r.Subject).Distinct()], ct);
        foreach (var record in fresh.GroupBy(r => r.Subject))
        {
            object[] events = [.. record.Select(r => r.Message)];
            var action = existing.Contains(record.Key) ? session.Events.Append(record.Key, events) : session.Events.StartStream(record.Key, events);
            foreach (var (stored, r) in action.Events.Zip(record))
            {
                stored.SetHeader(ReceivedEvents.PositionHeader, r.Position);
                stored.SetHeader(ReceivedEvents.OccurredHeader, r.Occurred);
                stored.SetHeader(ReceivedEvents.SourceIdHeader, r.EventId.ToString());
            }
        }
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Locks the records' streams that exist, until the batch commits, and says which exist. Another instance
    /// appending to the same record waits, so that the inline projections never fold two batches from the same old row.
    /// </summary>
    private async Task<HashSet<Guid>> LockStreamsAsync(IDocumentSession session, Guid[] streams, CancellationToken ct)
    {
        var found = await session.AdvancedSql.QueryAsync<Guid>(
            $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where tenant_id = ? and id = any(?) order by id for update",
            ct, session.TenantId, streams);
        return [.. found];
    }

    private sealed record Received(string Consumer, Guid EventId, Guid Subject, object Message, long Position, string Occurred)
    {
        public string InboxId => $"{Consumer}:{EventId}";

        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Reporting is stopping: the event was not recorded and will be delivered again.</summary>
public sealed class RecorderStoppedException() : TimeoutException("Reporting is stopping; the event was not recorded and will be delivered again.");
