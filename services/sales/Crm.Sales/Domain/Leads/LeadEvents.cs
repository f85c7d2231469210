namespace Crm.Sales.Domain;

// The lead's stored events: private, free to evolve. Integration/SalesEventMapper turns them into
// the public contracts.

public sealed record LeadCaptured(
    Guid LeadId, string Branch, string Company, string? ContactPerson, string? Phone, string? Email,
    string? Source, string? Notes, Guid? OwnerId, DateTimeOffset CapturedAt);

public sealed record LeadAssigned(Guid LeadId, Guid AssigneeId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);

/// <summary>The customer the lead became; <c>NewCustomer</c> is set when this conversion created it.</summary>
public sealed record LeadConverted(
    Guid LeadId, Guid CustomerId, ConvertedCustomer? NewCustomer, Guid? OpportunityId, Guid ConvertedBy, DateTimeOffset ConvertedAt);

public sealed record ConvertedCustomer(string Name, string Category, Guid? OwnerId, string? Phone, string? Email);

public sealed record LeadDisqualified(Guid LeadId, string Reason, DateTimeOffset DisqualifiedAt);
