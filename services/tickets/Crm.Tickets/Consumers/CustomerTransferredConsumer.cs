using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.Tickets.Customers;
using Marten;
using MassTransit;

namespace Crm.Tickets.Consumers;

/// <summary>
/// Head office moved a customer to another branch (DOMAIN.md): the replica follows it, and its
/// tickets that are not closed move with it, keeping their ids and whole history. Each is closed in
/// the branch it was in and continued in the customer's branch, unassigned, so the branch head
/// holds it until assigning it. Closed tickets stay with the branch that closed them.
/// Transfers arrive in any order, so tickets go to the newest branch the replica knows, not
/// necessarily this transfer's: a transfer overtaken by a later one sends them straight on.
/// </summary>
public sealed class CustomerTransferredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerTransferred>
{
    public Task Consume(ConsumeContext<CustomerTransferred> context) =>
        store.ProcessOnceAsync(context, "tickets.customer-transferred", async session =>
        {
            var moved = context.Message;
            // The replica takes the new branch unless a newer event about the customer came first;
            // the customer stays locked until this delivery commits, so its tickets are moved once.
            var customer = await CustomerReplicaUpdate.ApplyAsync(session, context);
            var tickets = new CustomerTickets(store, session, context.CancellationToken);
            foreach (var ticket in await tickets.UnclosedOfAsync(moved.CustomerId))
                if (ticket.Branch != customer.Branch)
                    await tickets.SettleAsync(ticket, [], customer.Branch, customer.Name is { Length: > 0 } name ? name : ticket.CustomerName,
                        customer.OwnerId, moved.TransferredAt);
        }, time);
}
