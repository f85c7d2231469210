using System.Globalization;
using System.Text.Json;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;

namespace Crm.Reporting.Integration;

/// <summary>
/// Reporting keeps its own durable record of every public event it consumes: appended to its event
/// store under the record it is about (the event's subject), with where it came from in headers.
/// Every report is a projection of that record, so any report can be rebuilt, and a report added
/// later covers all history. <see cref="EventRecorder"/> writes it.
/// </summary>
public static class ReceivedEvents
{
    public const string PositionHeader = CrmEvents.PositionHeader;
    public const string OccurredHeader = CrmEvents.TimeHeader;
    public const string SourceIdHeader = CrmEvents.IdHeader;

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
