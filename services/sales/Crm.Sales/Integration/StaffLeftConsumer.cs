using Crm.Contracts.Identity;
using Crm.Sales.Domain;
using Crm.ServiceDefaults.Messaging;
using Crm.ServiceDefaults.Replicas;
using Marten;
using MassTransit;

namespace Crm.Sales.Integration;

/// <summary>
/// Nothing may be lost when staff leave (DOMAIN.md): the leaver's open leads, opportunities,
/// planned activities and open orders go to the colleague identity names (the branch head unless
/// someone was named). Identity names nobody only for group-level staff, who own no branch records.
/// </summary>
public sealed class StaffLeftConsumer(IDocumentStore store, TimeProvider time, ILogger<StaffLeftConsumer> logger) : IConsumer<StaffLeft>
{
    public Task Consume(ConsumeContext<StaffLeft> context) =>
        store.ProcessOnceAsync(context, "sales.staff-left", async session =>
        {
            var left = context.Message;
            await StaffReplicaUpdate.ApplyAsync(session, context);
            if (left.ReassignTo is not { } successor || left.Branch is not { } branch)
            {
                logger.LogInformation("Staff {StaffId} left with no successor named; group-level staff own no sales records", left.StaffId);
                return;
            }
            var now = time.GetUtcNow();
            var ct = context.CancellationToken;
            await using var query = store.QuerySession(branch);
            var events = session.ForTenant(branch).Events;

            // Each append names the version the decision was made on, so a concurrent edit fails this delivery, which is retried on fresh state.
            foreach (var lead in await query.Query<Lead>().Where(l => l.OwnerId == left.StaffId && l.Status == LeadStatus.Open).ToListAsync(ct))
                Append(events, lead, LeadDecider.Assign(lead, new AssignLead(successor, now)));
            foreach (var deal in await query.Query<Opportunity>().Where(o => o.OwnerId == left.StaffId && o.Status == OpportunityStatus.Open).ToListAsync(ct))
                Append(events, deal, OpportunityDecider.AssignOwner(deal, new AssignOpportunityOwner(successor, now)));
            foreach (var activity in await query.Query<Activity>().Where(a => a.OwnerId == left.StaffId && a.Status == ActivityStatus.Planned).ToListAsync(ct))
                Append(events, activity, ActivityDecider.Assign(activity, new AssignActivity(successor, now)));
            foreach (var order in await query.Query<Order>().Where(o => o.OwnerId == left.StaffId && o.Status == OrderStatus.Open).ToListAsync(ct))
                Append(events, order, OrderDecider.AssignOwner(order, new AssignOrderOwner(successor, now)));
        }, time);

    private static void Append(Marten.Events.IEventOperations events, ISalesRecord record, Decision decision)
    {
        if (decision.IsRefused || decision.Events.Count == 0) return;
        events.Append(record.Id, record.Version + decision.Events.Count, [.. decision.Events]);
    }
}
