using Crm.Reporting.Reports;

namespace Crm.Reporting.Activities;

/// <summary>Reporting's replica of an activity: what kind, about which lead/customer/opportunity, whose, and whether and when it was done.</summary>
public sealed record ReportActivity(Guid Id) : IRecordedRow
{
    public const string Planned = "planned";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public string Kind { get; init; } = "";
    public string RegardingType { get; init; } = "";
    public Guid RegardingId { get; init; }

    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public Guid? AssigneeId { get; init; }
    public long AssigneeAt { get; init; }
    /// <summary><see cref="Planned"/>, <see cref="Completed"/> or <see cref="Cancelled"/>.</summary>
    public string Status { get; init; } = "";
    public long StatusAt { get; init; }
    /// <summary>Business time of completion, as sales recorded it.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
