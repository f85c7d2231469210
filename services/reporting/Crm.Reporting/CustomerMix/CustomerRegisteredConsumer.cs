using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using Marten;
using MassTransit;

namespace Crm.Reporting.CustomerMix;

public sealed class CustomerRegisteredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerRegistered>
{
    public Task Consume(ConsumeContext<CustomerRegistered> context) =>
        store.AppendOnceAsync(context, context.Message.CustomerId, time);
}
