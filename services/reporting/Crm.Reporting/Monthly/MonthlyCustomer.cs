using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Monthly;

/// <summary>A customer became active (registered, restored, unmerged) or stopped counting (archived, merged away) at a business time.</summary>
public sealed record CustomerStatusChange(DateTimeOffset At, bool Active, long Position);

/// <summary>
/// What the monthly report needs of a customer beyond <c>ReportCustomer</c>: when and where it was
/// registered, and when it was active, so a month's new and active customers come out as they were
/// at that month's end. Active customers are counted in the customer's current branch.
/// </summary>
public sealed record MonthlyCustomer(Guid Id) : IRecordedRow
{
    public bool Registered { get; init; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public string RegisteredBranch { get; init; } = "";
    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public IReadOnlyList<CustomerStatusChange> Changes { get; init; } = [];

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}

/// <summary>Folds recorded customer events into <see cref="MonthlyCustomer"/>, whatever order they arrived in.</summary>
public sealed class MonthlyCustomerProjection : SingleStreamProjection<MonthlyCustomer, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public MonthlyCustomerProjection()
    {
        IncludeType<CustomerRegistered>();
        IncludeType<CustomerArchived>();
        IncludeType<CustomerRestored>();
        IncludeType<CustomersMerged>();
        IncludeType<CustomersUnmerged>();
        IncludeType<CustomerTransferred>();
    }

    public override MonthlyCustomer? Evolve(MonthlyCustomer? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var c = snapshot ?? new MonthlyCustomer(id);
        c = e.Data switch
        {
            CustomerRegistered r => Change(Branch(c, at, r.Branch), r.RegisteredAt, true, at) with
            {
                Registered = true, RegisteredAt = r.RegisteredAt, RegisteredBranch = r.Branch,
            },
            CustomerArchived x => Change(c, x.ArchivedAt, false, at),
            CustomerRestored x => Change(c, x.RestoredAt, true, at),
            CustomersMerged x => Change(c, x.MergedAt, false, at),
            CustomersUnmerged x => Change(c, x.UnmergedAt, true, at),
            CustomerTransferred x => Branch(c, at, x.ToBranch),
            _ => c,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(c.SourcePosition, e);
        return c with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static MonthlyCustomer Branch(MonthlyCustomer c, long at, string branch) =>
        at >= c.BranchAt ? c with { Branch = branch, BranchAt = at } : c;

    private static MonthlyCustomer Change(MonthlyCustomer c, DateTimeOffset time, bool active, long at) =>
        c.Changes.Any(s => s.Position == at && s.At == time)
            ? c
            : c with { Changes = [.. c.Changes.Append(new CustomerStatusChange(time, active, at)).OrderBy(s => s.At).ThenBy(s => s.Position)] };
}
