namespace Crm.Customers.Domain;

// The customers service's own stored events: private, free to evolve. Public contracts are in
// Crm.Contracts and are produced from these by Integration/CustomerEventMapper.

public sealed record CustomerRegistered(
    Guid CustomerId,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt);
