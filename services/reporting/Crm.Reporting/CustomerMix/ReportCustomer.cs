using Crm.Reporting.Reports;

namespace Crm.Reporting.CustomerMix;

/// <summary>A business category a customer held from a business time on (as its source recorded it), and the source position that set it.</summary>
public sealed record CategorySpell(DateTimeOffset From, long Position, string Category);

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

    /// <summary>
    /// Every category the customer held, ordered by business time: what a sale's category is looked up in
    /// (the one held when the order was signed), whatever order the customer and order events arrived in.
    /// </summary>
    public IReadOnlyList<CategorySpell> Categories { get; init; } = [];

    /// <summary>The survivor this customer was merged into, while the merge stands: its sales count as the survivor's.</summary>
    public Guid? MergedInto { get; init; }

    public long ProfileAt { get; init; }
    public long BranchAt { get; init; }
    public long OwnerAt { get; init; }
    public long StatusAt { get; init; }
    public long MergeAt { get; init; }

    /// <summary>The newest source position applied, when it happened at the source and when reporting applied it.</summary>
    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>Counted in the analyses: registered, not archived, not merged away.</summary>
    public bool Counts => Registered && Active;
}
