using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;
using Marten;
using MassTransit;

namespace Crm.Tickets.Consumers;

/// <summary>
/// Head office moved a customer to another branch (DOMAIN.md): the replica follows it, and its
/// tickets that are not closed move with it, keeping their ids and whole history. Each is closed in
/// the old branch and continued in the new one, unassigned, so the new branch head holds it until
/// assigning it. Closed tickets stay with the branch that closed them.
/// </summary>
public sealed class CustomerTransferredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerTransferred>
{
    public Task Consume(ConsumeContext<CustomerTransferred> context) =>
        store.ProcessOnceAsync(context, "tickets.customer-transferred", async session =>
        {
            var moved = context.Message;
            var ct = context.CancellationToken;
            var known = await session.LoadAsync<CustomerReplica>(moved.CustomerId, ct);
            session.Store(known is null
                ? new CustomerReplica(moved.CustomerId, moved.ToBranch, moved.Name, moved.OwnerId, CustomerReplica.GradeOf(moved.Grade))
                : known with { Branch = moved.ToBranch, Name = moved.Name, OwnerId = moved.OwnerId, Grade = CustomerReplica.GradeOf(moved.Grade) });
            if (moved.FromBranch == moved.ToBranch) return;

            var (from, to) = (moved.FromBranch, moved.ToBranch);
            await using var query = store.QuerySession(from);
            await using var target = store.QuerySession(to);
            var tickets = await query.Query<Ticket>()
                .Where(t => t.CustomerId == moved.CustomerId && t.Status != TicketStatus.Closed)
                .ToListAsync(ct);
            foreach (var ticket in tickets)
            {
                // The expected version makes a concurrent change fail this delivery, which is retried on fresh state.
                var stream = await session.ForTenant(from).Events.FetchForWriting<Ticket>(ticket.Id, ticket.Version, ct);
                var opening = new TicketTransferredIn(from,
                    ticket with { Branch = to, AssigneeId = null, CustomerName = moved.Name, CustomerOwnerId = moved.OwnerId, Version = 0 },
                    moved.TransferredAt);
                var earlier = await target.Events.FetchStreamStateAsync(ticket.Id, ct);
                if (earlier is null) session.ForTenant(to).Events.StartStream<Ticket>(ticket.Id, opening);
                else if (await target.LoadAsync<Ticket>(ticket.Id, ct) is null)
                {
                    // A ticket coming back to a branch it once left continues its old stream there. A Marten
                    // session tracks appends by stream id alone, so the new branch is opened in a session of
                    // its own first; should closing the old one then fail, the ticket is live twice (and the
                    // retry, seeing it live here, only closes it), never lost.
                    await using var returning = store.LightweightSession(to);
                    returning.Events.Append(ticket.Id, earlier.Version + 1, opening);
                    await returning.SaveChangesAsync(ct);
                }
                // Otherwise it is live here already: an earlier attempt of this delivery opened it before failing to close it.
                stream.AppendOne(new TicketTransferredOut(to));
            }
        }, time);
}
