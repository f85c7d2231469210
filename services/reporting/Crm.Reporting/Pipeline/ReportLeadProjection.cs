using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Pipeline;

/// <summary>Folds recorded lead events into <see cref="ReportLead"/>, order-insensitively by source position per field group.</summary>
public sealed class ReportLeadProjection : SingleStreamProjection<ReportLead, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportLeadProjection()
    {
        IncludeType<LeadCaptured>();
        IncludeType<LeadAssigned>();
        IncludeType<LeadConverted>();
        IncludeType<LeadDisqualified>();
    }

    public override ReportLead? Evolve(ReportLead? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var l = snapshot ?? new ReportLead(id);
        l = e.Data switch
        {
            LeadCaptured c => Status(Owner(Branch(l, at, c.Branch), at, c.OwnerId), at, ReportLead.Open) with
            {
                Captured = true, Company = c.Company, CapturedAt = c.CapturedAt,
            },
            LeadAssigned a => Owner(Branch(l, at, a.Branch), at, a.AssigneeId),
            LeadConverted c => Status(Branch(l, at, c.Branch), at, ReportLead.Converted),
            LeadDisqualified d => Status(Branch(l, at, d.Branch), at, ReportLead.Disqualified),
            _ => l,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(l.SourcePosition, e);
        return l with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static ReportLead Branch(ReportLead l, long at, string branch) =>
        at >= l.BranchAt ? l with { Branch = branch, BranchAt = at } : l;

    private static ReportLead Owner(ReportLead l, long at, Guid? owner) =>
        at >= l.OwnerAt ? l with { OwnerId = owner, OwnerAt = at } : l;

    private static ReportLead Status(ReportLead l, long at, string status) =>
        at >= l.StatusAt ? l with { Status = status, StatusAt = at } : l;
}
