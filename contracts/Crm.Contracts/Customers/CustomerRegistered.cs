namespace Crm.Contracts.Customers;

/// <summary>A customer was added to a branch's archive. Fields after <c>RegisteredAt</c> were added later (additive).</summary>
[IntegrationEvent("customers", "customer-registered")]
public sealed record CustomerRegistered(
    Guid CustomerId,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt,
    string Grade = "normal",
    string? TaxId = null,
    IReadOnlyList<string>? Phones = null,
    IReadOnlyList<string>? Emails = null);
