using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Monthly;

/// <summary>A customer became active (registered, restored, unmerged) or stopped counting (archived, merged away) at a business time.</summary>
public sealed record CustomerStatusChange(DateTimeOffset At, bool Active, long Position);

/// <summary>A customer belonged to <c>Branch</c> from a business time on (registered there, or transferred to it).</summary>
public sealed record CustomerBranchSpell(DateTimeOffset From, string Branch, long Position);

/// <summary>Whether a customer counted as active in one branch from a business time on.</summary>
public sealed record CustomerBranchChange(string Branch, DateTimeOffset At, bool Active, long Position);

/// <summary>
/// What the monthly report needs of a customer beyond <c>ReportCustomer</c>: when and where it was
/// registered, when it was active and in which branch, so a month's new and active customers come out as
/// they were at that month's end: a customer transferred later still counts where it was then.
/// </summary>
public sealed record MonthlyCustomer(Guid Id) : IRecordedRow
{
    public bool Registered { get; init; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public string RegisteredBranch { get; init; } = "";
    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public IReadOnlyList<CustomerStatusChange> Changes { get; init; } = [];
    public IReadOnlyList<CustomerBranchSpell> Branches { get; init; } = [];
    /// <summary>The status changes per branch (<see cref="MonthlyCustomerProjection.PerBranch"/>), what the monthly report counts.</summary>
    public IReadOnlyList<CustomerBranchChange> BranchChanges { get; init; } = [];

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
            CustomerRegistered r => Change(Spell(Branch(c, at, r.Branch), r.RegisteredAt, r.Branch, at), r.RegisteredAt, true, at) with
            {
                Registered = true, RegisteredAt = r.RegisteredAt, RegisteredBranch = r.Branch,
            },
            CustomerArchived x => Change(c, x.ArchivedAt, false, at),
            CustomerRestored x => Change(c, x.RestoredAt, true, at),
            CustomersMerged x => Change(c, x.MergedAt, false, at),
            CustomersUnmerged x => Change(c, x.UnmergedAt, true, at),
            CustomerTransferred x => Spell(Branch(c, at, x.ToBranch), x.TransferredAt, x.ToBranch, at),
            _ => c,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(c.SourcePosition, e);
        return c with { BranchChanges = PerBranch(c.Changes, c.Branches), SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    /// <summary>
    /// Puts a customer's status changes in the branches it belonged to, in business-time order: a change counts in
    /// the branch the customer was in then; moving to another branch ends its count in the one it leaves and starts
    /// it, as active as it then was, in the one it joins. Changes before any known branch wait for the first.
    /// </summary>
    public static List<CustomerBranchChange> PerBranch(IReadOnlyList<CustomerStatusChange> changes, IReadOnlyList<CustomerBranchSpell> branches)
    {
        // At one instant a branch move goes first, so a registration's own status change lands in its branch.
        var timeline = branches.Select(b => (b.From, b.Position, Order: 0, Branch: (string?)b.Branch, Active: false))
            .Concat(changes.Select(c => (From: c.At, c.Position, Order: 1, Branch: (string?)null, c.Active)))
            .OrderBy(t => t.From).ThenBy(t => t.Order).ThenBy(t => t.Position);
        var result = new List<CustomerBranchChange>();
        string? current = null;
        var active = false;
        foreach (var t in timeline)
        {
            if (t.Branch is { } joined)
            {
                if (joined == current) continue;
                if (current is not null) result.Add(new CustomerBranchChange(current, t.From, false, t.Position));
                current = joined;
                result.Add(new CustomerBranchChange(joined, t.From, active, t.Position));
            }
            else
            {
                active = t.Active;
                if (current is null) continue;
                // Joining a branch and a change at the same instant: one change, the latter.
                if (result.Count > 0 && result[^1].Branch == current && result[^1].At == t.From) result.RemoveAt(result.Count - 1);
                result.Add(new CustomerBranchChange(current, t.From, active, t.Position));
            }
        }
        return result;
    }

    private static MonthlyCustomer Branch(MonthlyCustomer c, long at, string branch) =>
        at >= c.BranchAt ? c with { Branch = branch, BranchAt = at } : c;

    private static MonthlyCustomer Spell(MonthlyCustomer c, DateTimeOffset from, string branch, long at) =>
        c.Branches.Any(b => b.Position == at && b.From == from)
            ? c
            : c with { Branches = [.. c.Branches.Append(new CustomerBranchSpell(from, branch, at)).OrderBy(b => b.From).ThenBy(b => b.Position)] };

    private static MonthlyCustomer Change(MonthlyCustomer c, DateTimeOffset time, bool active, long at) =>
        c.Changes.Any(s => s.Position == at && s.At == time)
            ? c
            : c with { Changes = [.. c.Changes.Append(new CustomerStatusChange(time, active, at)).OrderBy(s => s.At).ThenBy(s => s.Position)] };
}
