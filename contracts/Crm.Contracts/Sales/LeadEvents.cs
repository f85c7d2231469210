namespace Crm.Contracts.Sales;

/// <summary>Prospective business was recorded in a branch.</summary>
[IntegrationEvent("sales", "lead-captured")]
public sealed record LeadCaptured(
    Guid LeadId, string Branch, string Company, string? ContactPerson, string? Phone, string? Email,
    string? Source, Guid? OwnerId, DateTimeOffset CapturedAt);

/// <summary>A lead was handed to a rep.</summary>
[IntegrationEvent("sales", "lead-assigned")]
public sealed record LeadAssigned(Guid LeadId, string Branch, Guid AssigneeId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);

/// <summary>A lead will not become business, and why.</summary>
[IntegrationEvent("sales", "lead-disqualified")]
public sealed record LeadDisqualified(Guid LeadId, string Branch, string Reason, DateTimeOffset DisqualifiedAt);
