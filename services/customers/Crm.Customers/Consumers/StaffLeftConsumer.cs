using Crm.Contracts.Identity;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Customers.Consumers;

/// <summary>
/// Nothing may be lost when staff leave (DOMAIN.md): the leaver's customers go to the colleague
/// identity names, or to no one, which leaves them with the branch head until assigned.
/// </summary>
public sealed class StaffLeftConsumer(IDocumentStore store, TimeProvider time) : IConsumer<StaffLeft>
{
    public const string Reason = "staff-left";

    public Task Consume(ConsumeContext<StaffLeft> context) =>
        store.ProcessOnceAsync(context, "customers.staff-left", async session =>
        {
            var left = context.Message;
            await using var query = left.Branch is null ? store.QuerySession() : store.QuerySession(left.Branch);
            var owned = query.Query<Customer>().Where(c => c.OwnerId == left.StaffId
                && (c.Status == CustomerStatus.Active || c.Status == CustomerStatus.Archived));
            if (left.Branch is null) owned = owned.Where(c => c.AnyTenant());

            foreach (var customer in await owned.ToListAsync(context.CancellationToken))
            {
                var decision = CustomerDecider.AssignOwner(customer, left.ReassignTo, Reason, time.GetUtcNow());
                if (decision.Events.Count == 0) continue;
                // The expected version makes a concurrent edit fail this delivery, which is retried on fresh state.
                session.ForTenant(customer.Branch).Events.Append(customer.Id, customer.Version + decision.Events.Count, [.. decision.Events]);
            }
        }, time);
}
