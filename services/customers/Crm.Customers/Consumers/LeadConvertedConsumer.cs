using Crm.Contracts.Sales;
using Crm.Customers.Domain;
using Crm.Customers.Features;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Customers.Consumers;

/// <summary>
/// A lead converted into a new customer: registered here under the id sales chose, once, however
/// often the event arrives. A lead converted into an existing customer needs nothing here.
/// </summary>
public sealed class LeadConvertedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<LeadConverted>
{
    public Task Consume(ConsumeContext<LeadConverted> context)
    {
        var converted = context.Message;
        if (converted.NewCustomer is not { } details) return Task.CompletedTask;
        if (string.IsNullOrWhiteSpace(details.Name) || string.IsNullOrWhiteSpace(details.Category) || string.IsNullOrWhiteSpace(converted.Branch))
            throw new InvalidOperationException($"Lead {converted.LeadId} was converted into a new customer without a name, category or branch.");

        return store.ProcessOnceAsync(context, "customers.lead-converted", async session =>
        {
            await using var query = store.QuerySession(converted.Branch);
            if (await query.LoadAsync<Customer>(converted.CustomerId, context.CancellationToken) is not null) return;

            CustomerFields.TryGrade(details.Grade, out var grade);
            var registered = CustomerDecider.Register(new RegisterCustomer(converted.CustomerId, converted.Branch, details.Name,
                details.Category, details.OwnerId ?? converted.ConvertedBy, converted.ConvertedAt)
            {
                Grade = grade,
                Details = CustomerDetails.Empty with { TaxId = details.TaxId, Phones = details.Phones ?? [], Emails = details.Emails ?? [] },
            });
            session.ForTenant(converted.Branch).Events.StartStream<Customer>(converted.CustomerId, registered);
        }, time);
    }
}
