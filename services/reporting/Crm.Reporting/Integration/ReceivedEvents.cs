using System.Globalization;
using System.Text.Json;
using Crm.Reporting.Reports;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;

namespace Crm.Reporting.Integration;

/// <summary>
/// Reporting keeps its own durable record of every public event it consumes: appended to its event
/// store under the record it is about (the event's subject), with where it came from in headers.
/// Every report is a projection of that record, so any report can be rebuilt, and a report added
/// later covers all history.
/// </summary>
public static class ReceivedEvents
{
    public const string PositionHeader = CrmEvents.PositionHeader;
    public const string OccurredHeader = CrmEvents.TimeHeader;
    public const string SourceIdHeader = CrmEvents.IdHeader;

    /// <summary>
    /// Appends the consumed contract, exactly once per event id, to the stream of <paramref name="subject"/>.
    /// <paramref name="annotate"/> may add headers of reporting's own, from what reporting knows when it records the event.
    /// </summary>
    public static Task AppendOnceAsync<T>(this IDocumentStore store, ConsumeContext<T> context, Guid subject, TimeProvider time,
        Func<IDocumentSession, Task>? annotate = null) where T : class =>
        store.ProcessOnceAsync(context, $"reporting.{typeof(T).Name}", async session =>
        {
            if (annotate is not null) await annotate(session);
            // Kept answers worked out before this commits are out of date after it.
            await ReportCache.QueueChange(session, context.CancellationToken);
            session.SetHeader(PositionHeader, context.Headers.Get<long>(CrmEvents.PositionHeader) ?? 0);
            session.SetHeader(OccurredHeader, context.Headers.Get<string>(CrmEvents.TimeHeader) ?? time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            session.SetHeader(SourceIdHeader, Inbox.EventIdOf(context).ToString());
            // Events about one record arrive on several queues at once. Their inline projections must
            // not both fold from the same old row (the later commit would drop the other's change), so
            // appends to an existing stream take its lock; two racing starts collide and one is retried.
            if (await session.Events.FetchStreamStateAsync(subject, context.CancellationToken) is null)
                session.Events.StartStream(subject, context.Message);
            else
                await session.Events.AppendExclusive(subject, context.CancellationToken, context.Message);
        }, time);

    /// <summary>The consumed event's position in its source service's store.</summary>
    public static long PositionOf(IEvent e) => e.GetHeader(PositionHeader) switch
    {
        long position => position,
        JsonElement { ValueKind: JsonValueKind.Number } json => json.GetInt64(),
        JsonElement { ValueKind: JsonValueKind.String } json when long.TryParse(json.GetString(), CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };

    /// <summary>When the event happened at its source (falls back to when reporting stored it).</summary>
    public static DateTimeOffset OccurredAt(IEvent e) => e.GetHeader(OccurredHeader) switch
    {
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out var time) => time,
        JsonElement { ValueKind: JsonValueKind.String } json when DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, out var time) => time,
        _ => e.Timestamp,
    };
}
