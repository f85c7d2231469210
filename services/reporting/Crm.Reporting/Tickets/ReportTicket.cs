using Crm.Reporting.Reports;

namespace Crm.Reporting.Tickets;

/// <summary>
/// Reporting's replica of a service ticket: what the service and monthly reports count. Times are
/// business times as the tickets service recorded them; minutes are the tickets service's SLA minutes
/// (calendar minutes with the time spent waiting on the customer left out). Events about one ticket
/// reach reporting on several queues, so each group of fields keeps the source position it was last
/// set at and an older event never overwrites a newer one.
/// </summary>
public sealed record ReportTicket(Guid Id) : IRecordedRow
{
    /// <summary>Reporting has seen ticket-opened (before that, only what a later event told).</summary>
    public bool Opened { get; init; }
    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public Guid CustomerId { get; init; }
    public string CustomerGrade { get; init; } = "";
    /// <summary>complaint, enquiry, service or repair.</summary>
    public string Category { get; init; } = "";
    /// <summary>low, normal, high or urgent.</summary>
    public string Priority { get; init; } = "";
    public string Channel { get; init; } = "";
    public DateTimeOffset? OpenedAt { get; init; }
    public int ResponseTargetMinutes { get; init; }
    public int ResolutionTargetMinutes { get; init; }

    /// <summary>The first response: when, after how many SLA minutes, and whether within the target.</summary>
    public DateTimeOffset? RespondedAt { get; init; }
    public int? ResponseMinutes { get; init; }
    public bool? RespondedWithinTarget { get; init; }

    /// <summary>Resolved now (a reopened ticket is not, until resolved again with the minutes counted across both).</summary>
    public bool Resolved { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public int? ResolutionMinutes { get; init; }
    public bool? ResolvedWithinTarget { get; init; }
    public long ResolutionAt { get; init; }
    public bool Closed { get; init; }

    /// <summary>When each target was escalated (at most once each).</summary>
    public DateTimeOffset? ResponseEscalatedAt { get; init; }
    public DateTimeOffset? ResolutionEscalatedAt { get; init; }
    public int Escalations { get; init; }

    /// <summary>The customer's rating, 1 to 5, given once.</summary>
    public int? SatisfactionScore { get; init; }
    public DateTimeOffset? RatedAt { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
