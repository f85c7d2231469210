using Crm.Reporting.Reports;

namespace Crm.Reporting.Pipeline;

/// <summary>A stage an opportunity entered (won and lost count as its final stages), in source order.</summary>
public sealed record StageEntry(string Stage, DateTimeOffset At, long Position);

/// <summary>A finished stay in one open stage: how many days the opportunity spent there before it moved on.</summary>
public sealed record StageStay(string Stage, double Days);

/// <summary>Reporting's replica of an opportunity: stage, amount, expected close and the stages it went through.</summary>
public sealed record ReportOpportunity(Guid Id) : IRecordedRow
{
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";

    public bool Opened { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public Guid CustomerId { get; init; }

    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public Guid? OwnerId { get; init; }
    public long OwnerAt { get; init; }

    public string Name { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly? ExpectedCloseDate { get; init; }
    /// <summary>The expected close month as <c>yyyy-MM</c>, what the forecast groups by.</summary>
    public string ExpectedCloseMonth { get; init; } = "";
    public long NameAt { get; init; }
    public long AmountAt { get; init; }
    public long CloseDateAt { get; init; }

    /// <summary>The open stage it is in, or <see cref="Won"/> / <see cref="Lost"/> once closed.</summary>
    public string Stage { get; init; } = "";
    /// <summary><see cref="Open"/>, <see cref="Won"/> or <see cref="Lost"/>.</summary>
    public string Status { get; init; } = "";
    public long StageAt { get; init; }

    public IReadOnlyList<StageEntry> Entries { get; init; } = [];
    public IReadOnlyList<StageStay> Stays { get; init; } = [];

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
