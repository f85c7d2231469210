using Crm.Tickets.Domain;
using JasperFx.Events;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Finds a ticket only where the caller may look: their branch, or every branch for group roles.</summary>
public static class TicketLookup
{
    /// <returns>The ticket, or null when it does not exist or the caller may not see it (both a 404).</returns>
    public static async Task<Ticket?> FindVisibleAsync(IDocumentStore store, TicketAccess access, Guid id, CancellationToken ct)
    {
        Ticket? ticket;
        if (access.Caller.IsGroupLevel)
        {
            await using var any = store.QuerySession();
            ticket = await any.Query<Ticket>().Where(t => t.AnyTenant() && t.Id == id).FirstOrDefaultAsync(ct);
        }
        else if (access.Caller.Branch is { } branch)
        {
            await using var own = store.QuerySession(branch);
            ticket = await own.LoadAsync<Ticket>(id, ct);
        }
        else ticket = null;
        return ticket is not null && access.MaySee(ticket) ? ticket : null;
    }

    /// <returns>The ticket rebuilt from its events up to <paramref name="asOf"/>, or null when it did not exist yet.</returns>
    public static async Task<Ticket?> AsOfAsync(IDocumentStore store, Ticket ticket, DateTimeOffset asOf, CancellationToken ct)
    {
        var events = await StreamAcrossBranchesAsync(store, ticket.Id, asOf, ct);
        return events.Aggregate((Ticket?)null, (state, e) => TicketProjection.Fold(state, e.Data, e.Version));
    }

    /// <summary>
    /// Every event of the ticket in every branch it has been in, in the order they happened (a
    /// customer's transfer closes its unclosed tickets' streams in one branch and continues them in the next).
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> StreamAcrossBranchesAsync(IDocumentStore store, Guid id, DateTimeOffset? upTo, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.StreamId == id);
        if (upTo is { } time) events = events.Where(e => e.Timestamp <= time);
        return await events.OrderBy(e => e.Sequence).ToListAsync(ct);
    }
}
