using Crm.Sales.Domain;

namespace Crm.Sales.Features.Leads;

public sealed record LeadResponse(
    Guid Id, string Branch, string Company, string? ContactPerson, string? Phone, string? Email, string? Source, string? Notes,
    Guid? OwnerId, LeadStatus Status, DateTimeOffset CapturedAt, Guid? CustomerId, Guid? OpportunityId, string? DisqualifiedReason,
    DateTimeOffset? ClosedAt, DateTimeOffset? LastActivityAt, bool? FollowUpOverdue, long Version)
{
    public static LeadResponse From(Lead l, FollowUp? followUp = null) => new(
        l.Id, l.Branch, l.Company, l.ContactPerson, l.Phone, l.Email, l.Source, l.Notes, l.OwnerId, l.Status, l.CapturedAt,
        l.CustomerId, l.OpportunityId, l.DisqualifiedReason, l.ClosedAt, followUp?.LastActivityAt, followUp?.Overdue, l.Version);
}
