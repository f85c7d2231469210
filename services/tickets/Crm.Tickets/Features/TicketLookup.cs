using Crm.Tickets.Domain;
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
        await using var session = store.QuerySession(ticket.Branch);
        var events = await session.Events.FetchStreamAsync(ticket.Id, timestamp: asOf, token: ct);
        return events.Aggregate((Ticket?)null, (state, e) => TicketProjection.Fold(state, e.Data, e.Version));
    }
}
