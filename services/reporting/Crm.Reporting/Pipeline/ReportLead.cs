using Crm.Reporting.Reports;

namespace Crm.Reporting.Pipeline;

/// <summary>Reporting's replica of a lead: where it is, who works it and whether it is still open.</summary>
public sealed record ReportLead(Guid Id) : IRecordedRow
{
    public const string Open = "open";
    public const string Converted = "converted";
    public const string Disqualified = "disqualified";

    public bool Captured { get; init; }
    public string Company { get; init; } = "";
    public DateTimeOffset CapturedAt { get; init; }

    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public Guid? OwnerId { get; init; }
    public long OwnerAt { get; init; }
    /// <summary><see cref="Open"/>, <see cref="Converted"/> or <see cref="Disqualified"/>.</summary>
    public string Status { get; init; } = "";
    public long StatusAt { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
