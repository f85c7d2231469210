namespace Crm.Contracts.Customers;

/// <summary>A customer was added to a branch's archive.</summary>
[IntegrationEvent("customers", "customer-registered")]
public sealed record CustomerRegistered(
    Guid CustomerId,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt);
