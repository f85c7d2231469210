using Crm.Contracts.Customers;
using Crm.ServiceDefaults.Messaging;
using Crm.ServiceDefaults.Replicas;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;
using Marten;
using MassTransit;

namespace Crm.Tickets.Consumers;

/// <summary>
/// A duplicate customer was merged into a survivor: the replica remembers where the duplicate went,
/// and the duplicate's tickets that are not closed now belong to the survivor, in the survivor's
/// branch. Events arrive in any order, so the duplicate's tickets are looked for in every branch (a
/// transfer the merge overtook may not have moved them yet), and a merge already undone by a newer
/// unmerge moves nothing.
/// </summary>
public sealed class CustomersMergedConsumer(IDocumentStore store, TimeProvider time) : IConsumer<CustomersMerged>
{
    public Task Consume(ConsumeContext<CustomersMerged> context) =>
        store.ProcessOnceAsync(context, "tickets.customers-merged", async session =>
        {
            var merged = context.Message;
            var ct = context.CancellationToken;
            var duplicate = await CustomerReplicaUpdate.ApplyAsync(session, context);
            if (duplicate.MergedInto != merged.SurvivorId) return;

            // The survivor too stays put until this delivery commits: its own transfer, consumed at
            // the same time, would not see the tickets this merge gives it.
            await ReplicaFacts.LockAsync(session, merged.SurvivorId, ct);
            var survivor = await session.LoadAsync<CustomerReplica>(merged.SurvivorId, ct);
            var branch = survivor is not null && survivor.At.Branch > ReplicaFacts.PositionOf(context) ? survivor.Branch : merged.Branch;

            var tickets = new CustomerTickets(store, session, ct);
            foreach (var ticket in await tickets.UnclosedOfAsync(merged.DuplicateId))
            {
                var move = new MoveToSurvivor(merged.SurvivorId, survivor is { Name.Length: > 0 } ? survivor.Name : ticket.CustomerName,
                    survivor is not null && survivor.At.Owner != ReplicaFacts.Never ? survivor.OwnerId : ticket.CustomerOwnerId, time.GetUtcNow());
                var decision = TicketDecider.MoveToSurvivor(ticket, move);
                await tickets.SettleAsync(ticket, [.. decision.Events], branch, move.SurvivorName, move.SurvivorOwnerId, merged.MergedAt);
            }
        }, time);
}
