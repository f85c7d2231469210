using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Reporting.CustomerMix;

public sealed class CustomerRegisteredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerRegistered>
{
    public Task Consume(ConsumeContext<CustomerRegistered> context) =>
        store.ProcessOnceAsync(context, "reporting.customer-registered", session =>
        {
            var e = context.Message;
            var source = SourceEvent.Of(context);
            session.Store(new ReportCustomer(e.CustomerId, e.Branch, e.Name, e.Category, e.OwnerId,
                Active: true, Sales: 0m, source.Position, source.OccurredAt, time.GetUtcNow()));
            return Task.CompletedTask;
        }, time);
}
