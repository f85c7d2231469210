using Crm.Sales.Domain;

namespace Crm.Sales.Features.Leads;

public sealed record LeadResponse(
    Guid Id, string Branch, string Company, string? ContactPerson, string? Phone, string? Email, string? Source, string? Notes,
    Guid? OwnerId, LeadStatus Status, DateTimeOffset CapturedAt, Guid? CustomerId, Guid? OpportunityId, string? DisqualifiedReason,
    DateTimeOffset? ClosedAt, long Version)
{
    public static LeadResponse From(Lead l) => new(
        l.Id, l.Branch, l.Company, l.ContactPerson, l.Phone, l.Email, l.Source, l.Notes, l.OwnerId, l.Status, l.CapturedAt,
        l.CustomerId, l.OpportunityId, l.DisqualifiedReason, l.ClosedAt, l.Version);
}
