using Crm.Reporting.Reports;

namespace Crm.Reporting.CustomerMix;

/// <summary>
/// Reporting's replica of a customer: what the analyses group and rank by. Events about one customer
/// reach reporting on several queues and so may arrive out of order; each group of fields keeps the
/// source position it was last set at, and an older event never overwrites a newer one.
/// </summary>
public sealed record ReportCustomer(Guid Id) : IRecordedRow
{
    public bool Registered { get; init; }
    public string Branch { get; init; } = "";
    public string Name { get; init; } = "";
    public string Category { get; init; } = "";
    public Guid? OwnerId { get; init; }
    public bool Active { get; init; }

    public long ProfileAt { get; init; }
    public long BranchAt { get; init; }
    public long OwnerAt { get; init; }
    public long StatusAt { get; init; }

    /// <summary>The newest source position applied, when it happened at the source and when reporting applied it.</summary>
    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>Counted in the analyses: registered, not archived, not merged away.</summary>
    public bool Counts => Registered && Active;
}
