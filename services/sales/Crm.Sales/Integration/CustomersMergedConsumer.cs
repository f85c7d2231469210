using Crm.Contracts.Customers;
using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Sales.Integration;

/// <summary>
/// A duplicate customer was merged into a survivor: the replica remembers where the duplicate went,
/// and the duplicate's open opportunities, planned activities and open orders now belong to the
/// survivor. Closed records keep the customer they were closed with: that is their history.
/// </summary>
public sealed class CustomersMergedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomersMerged>
{
    public Task Consume(ConsumeContext<CustomersMerged> context) =>
        store.ProcessOnceAsync(context, "sales.customers-merged", async session =>
        {
            var merged = context.Message;
            var ct = context.CancellationToken;
            // Remembered even when the merge overtakes the duplicate's registration.
            await CustomerReplicaUpdate.ApplyAsync(session, context);

            await using var query = store.QuerySession(merged.Branch);
            var events = session.ForTenant(merged.Branch).Events;
            object Moved(Guid record) => new CustomerMergedInto(record, merged.DuplicateId, merged.SurvivorId, merged.MergedAt);

            foreach (var deal in await query.Query<Opportunity>().Where(o => o.CustomerId == merged.DuplicateId && o.Status == OpportunityStatus.Open).ToListAsync(ct))
                events.Append(deal.Id, deal.Version + 1, Moved(deal.Id));
            foreach (var activity in await query.Query<Activity>()
                .Where(a => a.RegardingType == RegardingType.Customer && a.RegardingId == merged.DuplicateId && a.Status == ActivityStatus.Planned).ToListAsync(ct))
                events.Append(activity.Id, activity.Version + 1, Moved(activity.Id));
            foreach (var order in await query.Query<Order>().Where(o => o.CustomerId == merged.DuplicateId && o.Status == OrderStatus.Open).ToListAsync(ct))
                events.Append(order.Id, order.Version + 1, Moved(order.Id));
        }, time);
}
