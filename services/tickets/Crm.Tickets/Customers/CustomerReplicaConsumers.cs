using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Tickets.Customers;

/// <summary>Adds a newly registered customer to the replica.</summary>
public sealed class CustomerRegisteredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerRegistered>
{
    public Task Consume(ConsumeContext<CustomerRegistered> context) =>
        store.ProcessOnceAsync(context, "tickets.customer-registered", async session =>
        {
            var e = context.Message;
            // Each event has a queue of its own, so a grade change can overtake the registration;
            // the grade it left then is the newer one and stays.
            var known = await session.LoadAsync<CustomerReplica>(e.CustomerId, context.CancellationToken);
            session.Store(new CustomerReplica(e.CustomerId, e.Branch, e.Name, e.OwnerId, known?.Grade ?? CustomerReplica.GradeOf(e.Grade)));
        }, time);
}

/// <summary>Keeps the replica's grade current: tickets opened from now on get the new grade's targets.</summary>
public sealed class CustomerGradeChangedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerGradeChanged>
{
    public Task Consume(ConsumeContext<CustomerGradeChanged> context) =>
        store.ProcessOnceAsync(context, "tickets.customer-grade-changed", async session =>
        {
            var e = context.Message;
            var known = await session.LoadAsync<CustomerReplica>(e.CustomerId, context.CancellationToken);
            // Arriving before the registration it follows, it keeps the grade until the name comes.
            session.Store(known is null
                ? new CustomerReplica(e.CustomerId, e.Branch, "", null, CustomerReplica.GradeOf(e.Grade))
                : known with { Branch = e.Branch, Grade = CustomerReplica.GradeOf(e.Grade) });
        }, time);
}
