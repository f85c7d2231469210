using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Public = Crm.Contracts.Customers;

namespace Crm.Customers.Integration;

/// <summary>The one translation of customers' stored events into the public catalogue.</summary>
public sealed class CustomerEventMapper : IIntegrationEventMapper
{
    public object? Map(IEvent stored) => stored.Data switch
    {
        Domain.CustomerRegistered e => new Public.CustomerRegistered(e.CustomerId, e.Branch, e.Name, e.Category, e.OwnerId, e.RegisteredAt),
        _ => null,
    };
}
