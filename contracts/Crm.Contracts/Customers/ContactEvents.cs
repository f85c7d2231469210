namespace Crm.Contracts.Customers;

/// <summary>A person at a customer, with whether they make decisions and what they prefer and worry about.</summary>
public sealed record CustomerContact(
    Guid ContactId, string Name, string? Title, bool DecisionMaker, string? Phone, string? Email, string? Preferences, string? Concerns);

[IntegrationEvent("customers", "contact-added")]
public sealed record ContactAdded(Guid CustomerId, string Branch, CustomerContact Contact, DateTimeOffset AddedAt);

/// <summary>The contact as it now is.</summary>
[IntegrationEvent("customers", "contact-updated")]
public sealed record ContactUpdated(Guid CustomerId, string Branch, CustomerContact Contact, DateTimeOffset UpdatedAt);

[IntegrationEvent("customers", "contact-removed")]
public sealed record ContactRemoved(Guid CustomerId, string Branch, Guid ContactId, DateTimeOffset RemovedAt);
