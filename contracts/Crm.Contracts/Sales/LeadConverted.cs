namespace Crm.Contracts.Sales;

/// <summary>
/// A lead became business: an existing customer, or a new one whose id the sales service chose
/// (<c>NewCustomer</c> set; the customers service registers it under <c>CustomerId</c>), and
/// possibly an opportunity opened in the same step.
/// </summary>
[IntegrationEvent("sales", "lead-converted")]
public sealed record LeadConverted(Guid LeadId, string Branch, Guid CustomerId, NewCustomer? NewCustomer, Guid? OpportunityId, Guid ConvertedBy, DateTimeOffset ConvertedAt);

/// <summary>The customer a conversion created.</summary>
public sealed record NewCustomer(string Name, string Category, Guid? OwnerId, string? Phone, string? Email);
