using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Sales.Customers;

/// <summary>Keeps the customer replica up to date as the customers service registers customers.</summary>
public sealed class CustomerRegisteredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerRegistered>
{
    public Task Consume(ConsumeContext<CustomerRegistered> context) =>
        store.ProcessOnceAsync(context, "sales.customer-registered", session =>
        {
            var e = context.Message;
            session.Store(new CustomerReplica(e.CustomerId, e.Branch, e.Name, e.OwnerId));
            return Task.CompletedTask;
        }, time);
}
