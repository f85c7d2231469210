using Crm.Reporting.Integration;
using JasperFx.Events;

namespace Crm.Reporting.Reports;

/// <summary>A report row folded from recorded events: the newest source position it has seen, when that happened and when reporting applied it.</summary>
public interface IRecordedRow
{
    long SourcePosition { get; }
    DateTimeOffset OccurredAt { get; }
    DateTimeOffset AppliedAt { get; }
}

/// <summary>How far behind its sources a report is: the newest source position among the rows it read, and how long that event took to reach reporting.</summary>
public sealed record ProjectionLag(long AsOfPosition, long LagMs)
{
    public static ProjectionLag Of(params IRecordedRow?[] newest)
    {
        var latest = newest.OfType<IRecordedRow>().OrderByDescending(r => r.SourcePosition).FirstOrDefault();
        return latest is null
            ? new ProjectionLag(0, 0)
            : new ProjectionLag(latest.SourcePosition, (long)Math.Max(0, (latest.AppliedAt - latest.OccurredAt).TotalMilliseconds));
    }

    /// <summary>The stamp a projection puts on a row for the event it just applied.</summary>
    public static (long Position, DateTimeOffset OccurredAt, DateTimeOffset AppliedAt) Stamp(long previousPosition, IEvent e) =>
        (Math.Max(previousPosition, ReceivedEvents.PositionOf(e)), ReceivedEvents.OccurredAt(e), e.Timestamp);
}
