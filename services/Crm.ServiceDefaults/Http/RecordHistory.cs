using System.Text.RegularExpressions;
using JasperFx.Events;

namespace Crm.ServiceDefaults.Http;

/// <summary>
/// A record's full history as API.md serves it at <c>GET .../{id}/history</c>: every stored event
/// with who did it and the request that caused it.
/// </summary>
public sealed partial record RecordHistory(IReadOnlyList<RecordHistory.Entry> Items)
{
    public sealed record Entry(string Type, long Version, DateTimeOffset Time, string? Actor, string? CorrelationId, string? Branch, object Data);

    /// <param name="redact">Returns the data to show for an event (e.g. without secrets); defaults to the event itself.</param>
    public static RecordHistory From(IEnumerable<IEvent> events, Func<object, object>? redact = null) => new(
        events.Select(e => new Entry(
                TypeName(e.EventType),
                e.Version,
                e.Timestamp,
                e.UserName,
                e.CorrelationId,
                Security.BranchScope.IsBranch(e.TenantId) ? e.TenantId : null,
                redact is null ? e.Data : redact(e.Data)))
            .ToList());

    /// <summary><c>CustomerRegistered</c> becomes <c>customer-registered</c>, as in the public event names.</summary>
    public static string TypeName(Type eventType) => WordBoundary().Replace(eventType.Name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex WordBoundary();
}
