using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;
using Marten;
using MassTransit;

namespace Crm.Tickets.Consumers;

/// <summary>When a duplicate customer is merged into a survivor, its tickets that are not closed move to the survivor.</summary>
public sealed class CustomersMergedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomersMerged>
{
    public Task Consume(ConsumeContext<CustomersMerged> context) =>
        store.ProcessOnceAsync(context, "tickets.customers-merged", async session =>
        {
            var merged = context.Message;
            var survivor = await session.LoadAsync<CustomerReplica>(merged.SurvivorId, context.CancellationToken);
            await using var query = store.QuerySession(merged.Branch);
            var tickets = await query.Query<Ticket>()
                .Where(t => t.CustomerId == merged.DuplicateId && t.Status != TicketStatus.Closed)
                .ToListAsync(context.CancellationToken);

            foreach (var ticket in tickets)
            {
                var move = new MoveToSurvivor(merged.SurvivorId, survivor is { Name.Length: > 0 } ? survivor.Name : ticket.CustomerName,
                    survivor?.OwnerId ?? ticket.CustomerOwnerId, time.GetUtcNow());
                var decision = TicketDecider.MoveToSurvivor(ticket, move);
                if (decision.Events.Count == 0) continue;
                // The expected version makes a concurrent change fail this delivery, which is retried on fresh state.
                session.ForTenant(ticket.Branch).Events.Append(ticket.Id, ticket.Version + decision.Events.Count, [.. decision.Events]);
            }
        }, time);
}
