using Crm.Customers.Domain;

namespace Crm.Customers.Features;

public sealed record CustomerResponse(Guid Id, string Branch, string Name, string Category, Guid? OwnerId, DateTimeOffset RegisteredAt, long Version)
{
    public static CustomerResponse From(Customer c) => new(c.Id, c.Branch, c.Name, c.Category, c.OwnerId, c.RegisteredAt, c.Version);
}
