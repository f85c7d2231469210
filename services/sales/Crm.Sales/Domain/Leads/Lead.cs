namespace Crm.Sales.Domain;

public enum LeadStatus { Open, Converted, Disqualified }

/// <summary>Prospective business, as its events made it (see <see cref="LeadDecider.Evolve"/>).</summary>
public sealed record Lead(
    Guid Id,
    string Branch,
    string Company,
    string? ContactPerson,
    string? Phone,
    string? Email,
    string? Source,
    string? Notes,
    Guid? OwnerId,
    LeadStatus Status,
    DateTimeOffset CapturedAt,
    Guid? CustomerId = null,
    Guid? OpportunityId = null,
    string? DisqualifiedReason = null,
    DateTimeOffset? ClosedAt = null) : ISalesRecord
{
    public long Version { get; init; }
}

public sealed record CaptureLead(
    Guid LeadId, string Branch, string Company, string? ContactPerson, string? Phone, string? Email,
    string? Source, string? Notes, Guid? OwnerId, DateTimeOffset Now);

public sealed record AssignLead(Guid AssigneeId, DateTimeOffset Now);

public sealed record ConvertLead(Guid CustomerId, ConvertedCustomer? NewCustomer, Guid? OpportunityId, Guid ConvertedBy, DateTimeOffset Now);

public sealed record DisqualifyLead(string Reason, DateTimeOffset Now);

/// <summary>The lead decider. A converted or disqualified lead is closed: it takes no further commands.</summary>
public static class LeadDecider
{
    public static Lead? Evolve(Lead? state, object @event) => @event switch
    {
        LeadCaptured e => new Lead(e.LeadId, e.Branch, e.Company, e.ContactPerson, e.Phone, e.Email, e.Source, e.Notes, e.OwnerId, LeadStatus.Open, e.CapturedAt),
        LeadAssigned e when state is not null => state with { OwnerId = e.AssigneeId },
        LeadConverted e when state is not null => state with { Status = LeadStatus.Converted, CustomerId = e.CustomerId, OpportunityId = e.OpportunityId, ClosedAt = e.ConvertedAt },
        LeadDisqualified e when state is not null => state with { Status = LeadStatus.Disqualified, DisqualifiedReason = e.Reason, ClosedAt = e.DisqualifiedAt },
        _ => state,
    };

    public static LeadCaptured Capture(CaptureLead c) => new(
        c.LeadId, c.Branch, c.Company.Trim(), Clean(c.ContactPerson), Clean(c.Phone), Clean(c.Email), Clean(c.Source), Clean(c.Notes), c.OwnerId, c.Now);

    public static Decision Assign(Lead lead, AssignLead c) =>
        RefuseIfClosed(lead) ?? Decision.Accept(new LeadAssigned(lead.Id, c.AssigneeId, lead.OwnerId, c.Now));

    public static Decision Convert(Lead lead, ConvertLead c) =>
        RefuseIfClosed(lead) ?? Decision.Accept(new LeadConverted(lead.Id, c.CustomerId, c.NewCustomer, c.OpportunityId, c.ConvertedBy, c.Now));

    public static Decision Disqualify(Lead lead, DisqualifyLead c) =>
        RefuseIfClosed(lead) ?? Decision.Accept(new LeadDisqualified(lead.Id, c.Reason.Trim(), c.Now));

    private static Decision? RefuseIfClosed(Lead lead) => lead.Status switch
    {
        LeadStatus.Converted => Decision.Refuse("The lead was already converted; it takes no further commands."),
        LeadStatus.Disqualified => Decision.Refuse("The lead was disqualified; it takes no further commands."),
        _ => null,
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
