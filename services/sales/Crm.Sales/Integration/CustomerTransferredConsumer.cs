using Crm.Contracts.Customers;
using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Sales.Integration;

/// <summary>
/// Head office moved a customer to another branch (DOMAIN.md): the replica follows it, and its open
/// opportunities, planned activities and open orders move with it, keeping their ids and whole
/// history. Each is closed in the old branch and continued in the new one, where the branch head
/// holds it (no owner) until reassigning it. Closed records stay with the branch they were closed
/// in. Leads do not appear: a lead names its customer only once converted, and then it is closed.
/// </summary>
public sealed class CustomerTransferredConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomerTransferred>
{
    public Task Consume(ConsumeContext<CustomerTransferred> context) =>
        store.ProcessOnceAsync(context, "sales.customer-transferred", async session =>
        {
            var moved = context.Message;
            var ct = context.CancellationToken;
            // The replica takes the new branch unless a newer event about the customer came first.
            await CustomerReplicaUpdate.ApplyAsync(session, context);
            if (moved.FromBranch == moved.ToBranch) return;

            var (from, to, at) = (moved.FromBranch, moved.ToBranch, moved.TransferredAt);
            await using var query = store.QuerySession(from);
            await using var target = store.QuerySession(to);
            var transfer = new RecordTransfer(store, session, target, from, to, ct);

            var deals = await query.Query<Opportunity>().Where(o => o.CustomerId == moved.CustomerId && o.Status == OpportunityStatus.Open).ToListAsync(ct);
            foreach (var deal in deals)
                await transfer.MoveAsync(deal, new OpportunityTransferredOut(to),
                    new OpportunityTransferredIn(from, deal with { Branch = to, OwnerId = null, Version = 0 }, at));

            // Activities about the customer, and about its deals that move along, follow them.
            var dealIds = deals.Select(d => d.Id).ToList();
            var activities = await query.Query<Activity>()
                .Where(a => a.Status == ActivityStatus.Planned
                    && ((a.RegardingType == RegardingType.Customer && a.RegardingId == moved.CustomerId)
                        || (a.RegardingType == RegardingType.Opportunity && a.RegardingId.In(dealIds))))
                .ToListAsync(ct);
            foreach (var activity in activities)
                await transfer.MoveAsync(activity, new ActivityTransferredOut(to),
                    new ActivityTransferredIn(from, activity with { Branch = to, OwnerId = null, Version = 0 }, at));

            foreach (var order in await query.Query<Order>().Where(o => o.CustomerId == moved.CustomerId && o.Status == OrderStatus.Open).ToListAsync(ct))
                await transfer.MoveAsync(order, new OrderTransferredOut(to),
                    new OrderTransferredIn(from, order with { Branch = to, OwnerId = null, Version = 0 }, at));
        }, time);

    /// <summary>Closes a record's stream in one branch and continues it under the same id in another, as the customers service moves customers.</summary>
    private sealed class RecordTransfer(IDocumentStore store, IDocumentSession session, IQuerySession target, string from, string to, CancellationToken ct)
    {
        public async Task MoveAsync<T>(T record, object closing, object opening) where T : class, ISalesRecord
        {
            // The expected version makes a concurrent change fail this delivery, which is retried on fresh state.
            var stream = await session.ForTenant(from).Events.FetchForWriting<T>(record.Id, record.Version, ct);
            var earlier = await target.Events.FetchStreamStateAsync(record.Id, ct);
            if (earlier is null) session.ForTenant(to).Events.StartStream<T>(record.Id, opening);
            else if (await target.LoadAsync<T>(record.Id, ct) is null)
            {
                // A record coming back to a branch it once left continues its old stream there. A Marten
                // session tracks appends by stream id alone, so the new branch is opened in a session of
                // its own first; should closing the old one then fail, the record is live twice (and the
                // retry, seeing it live here, only closes it), never lost.
                await using var returning = store.LightweightSession(to);
                returning.Events.Append(record.Id, earlier.Version + 1, opening);
                await returning.SaveChangesAsync(ct);
            }
            // Otherwise it is live here already: an earlier attempt of this delivery opened it before failing to close it.
            stream.AppendOne(closing);
        }
    }
}
