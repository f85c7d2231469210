namespace Crm.Contracts.Sales;

/// <summary>
/// A qualified lead became business: an existing customer (<c>NewCustomer</c> null) or a new one,
/// registered by the customers service under <c>CustomerId</c>, the id sales chose.
/// </summary>
[IntegrationEvent("sales", "lead-converted")]
public sealed record LeadConverted(
    Guid LeadId,
    string Branch,
    Guid CustomerId,
    ConvertedCustomer? NewCustomer,
    Guid? OpportunityId,
    Guid ConvertedBy,
    DateTimeOffset ConvertedAt);

/// <summary>What the lead told us about the new customer. <c>OwnerId</c> null: whoever converted the lead owns it.</summary>
public sealed record ConvertedCustomer(
    string Name,
    string Category,
    string? Grade = null,
    string? TaxId = null,
    IReadOnlyList<string>? Phones = null,
    IReadOnlyList<string>? Emails = null,
    Guid? OwnerId = null);
