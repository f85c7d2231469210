using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Consumers;

/// <summary>
/// Moves a customer's tickets where the customer is now, in a consumer's session: used when a
/// customer is transferred and when a duplicate's tickets go to a survivor in another branch.
/// </summary>
public sealed class CustomerTickets(IDocumentStore store, IDocumentSession session, CancellationToken ct)
{
    /// <summary>The customer's tickets that are not closed, in every branch: an event about it may come after it moved on.</summary>
    public async Task<IReadOnlyList<Ticket>> UnclosedOfAsync(Guid customerId)
    {
        await using var query = store.QuerySession();
        return await query.Query<Ticket>()
            .Where(t => t.AnyTenant() && t.CustomerId == customerId && t.Status != TicketStatus.Closed)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Appends <paramref name="changes"/> (decided on <paramref name="ticket"/>) where the ticket is,
    /// and when <paramref name="branch"/> is another branch, closes it there and continues it in
    /// <paramref name="branch"/> with its id, its whole history and the changes, unassigned, so the
    /// branch head holds it until assigning it.
    /// </summary>
    public async Task SettleAsync(Ticket ticket, IReadOnlyList<object> changes, string branch, string customerName, Guid? customerOwnerId, DateTimeOffset at)
    {
        var from = ticket.Branch;
        if (changes.Count == 0 && branch == from) return;
        // The expected version makes a concurrent change fail this delivery, which is retried on fresh state.
        var stream = await session.ForTenant(from).Events.FetchForWriting<Ticket>(ticket.Id, ticket.Version, ct);
        stream.AppendMany(changes);
        if (branch == from) return;

        var state = changes.Aggregate(ticket, (t, e) => TicketDecider.Evolve(t, e) ?? t);
        var opening = new TicketTransferredIn(from,
            state with { Branch = branch, AssigneeId = null, CustomerName = customerName, CustomerOwnerId = customerOwnerId, Version = 0 }, at);
        await using var target = store.QuerySession(branch);
        var earlier = await target.Events.FetchStreamStateAsync(ticket.Id, ct);
        if (earlier is null) session.ForTenant(branch).Events.StartStream<Ticket>(ticket.Id, opening);
        else if (await target.LoadAsync<Ticket>(ticket.Id, ct) is null)
        {
            // A ticket coming back to a branch it once left continues its old stream there. A Marten
            // session tracks appends by stream id alone, so the new branch is opened in a session of
            // its own first; should closing the old one then fail, the ticket is live twice (and the
            // retry, seeing it live here, only closes it), never lost.
            await using var returning = store.LightweightSession(branch);
            returning.Events.Append(ticket.Id, earlier.Version + 1, opening);
            await returning.SaveChangesAsync(ct);
        }
        // Otherwise it is live here already: an earlier attempt of this delivery opened it before failing to close it.
        stream.AppendOne(new TicketTransferredOut(branch));
    }
}
