using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Monthly;

/// <summary>What the monthly report needs of a lead: when it was captured, converted or disqualified, and its branch.</summary>
public sealed record MonthlyLead(Guid Id) : IRecordedRow
{
    public string Branch { get; init; } = "";
    public long BranchAt { get; init; }
    public DateTimeOffset? CapturedAt { get; init; }
    public DateTimeOffset? ConvertedAt { get; init; }
    public DateTimeOffset? DisqualifiedAt { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}

/// <summary>Folds recorded lead events into <see cref="MonthlyLead"/>; the branch changes only for a newer event at its source.</summary>
public sealed class MonthlyLeadProjection : SingleStreamProjection<MonthlyLead, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public MonthlyLeadProjection()
    {
        IncludeType<LeadCaptured>();
        IncludeType<LeadAssigned>();
        IncludeType<LeadConverted>();
        IncludeType<LeadDisqualified>();
    }

    public override MonthlyLead? Evolve(MonthlyLead? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var l = snapshot ?? new MonthlyLead(id);
        l = e.Data switch
        {
            LeadCaptured x => Branch(l, at, x.Branch) with { CapturedAt = x.CapturedAt },
            LeadAssigned x => Branch(l, at, x.Branch),
            LeadConverted x => Branch(l, at, x.Branch) with { ConvertedAt = x.ConvertedAt },
            LeadDisqualified x => Branch(l, at, x.Branch) with { DisqualifiedAt = x.DisqualifiedAt },
            _ => l,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(l.SourcePosition, e);
        return l with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static MonthlyLead Branch(MonthlyLead l, long at, string branch) =>
        at >= l.BranchAt ? l with { Branch = branch, BranchAt = at } : l;
}
