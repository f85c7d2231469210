using Crm.Contracts.Identity;
using Crm.ServiceDefaults.Messaging;
using Crm.Tickets.Domain;
using Marten;
using MassTransit;

namespace Crm.Tickets.Consumers;

/// <summary>
/// Nothing may be lost when staff leave (DOMAIN.md): the leaver's tickets that are not closed go to
/// the colleague identity names, or back to the branch's queue (no assignee) for its head to give out.
/// </summary>
public sealed class StaffLeftConsumer(IDocumentStore store, TimeProvider time) : IConsumer<StaffLeft>
{
    public Task Consume(ConsumeContext<StaffLeft> context) =>
        store.ProcessOnceAsync(context, "tickets.staff-left", async session =>
        {
            var left = context.Message;
            await using var query = left.Branch is null ? store.QuerySession() : store.QuerySession(left.Branch);
            var assigned = query.Query<Ticket>().Where(t => t.AssigneeId == left.StaffId && t.Status != TicketStatus.Closed);
            if (left.Branch is null) assigned = assigned.Where(t => t.AnyTenant());

            foreach (var ticket in await assigned.ToListAsync(context.CancellationToken))
            {
                var decision = TicketDecider.Assign(ticket, new AssignTicket(left.ReassignTo, time.GetUtcNow()));
                if (decision.Events.Count == 0) continue;
                // The expected version makes a concurrent change fail this delivery, which is retried on fresh state.
                session.ForTenant(ticket.Branch).Events.Append(ticket.Id, ticket.Version + decision.Events.Count, [.. decision.Events]);
            }
        }, time);
}
