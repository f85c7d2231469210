using Crm.Customers.Domain;
using Crm.ServiceDefaults.Security;
using JasperFx.Events;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Finds a customer only where the caller may look, and reads its stream across branch moves.</summary>
internal static class CustomerLookup
{
    /// <summary>Looks only where the caller may look: their branch, or every branch for group roles.</summary>
    public static async Task<Customer?> FindVisibleAsync(IDocumentStore store, Caller caller, Guid id, CancellationToken ct)
    {
        Customer? customer;
        if (caller.IsGroupLevel)
        {
            // A transferred customer has a closed copy in each branch it left; the live one is where it is now.
            await using var any = store.QuerySession();
            customer = await any.Query<Customer>()
                .Where(c => c.AnyTenant() && c.Id == id && c.Status != CustomerStatus.TransferredOut)
                .FirstOrDefaultAsync(ct);
        }
        else if (caller.Branch is { } branch)
        {
            await using var own = store.QuerySession(branch);
            customer = await own.LoadAsync<Customer>(id, ct);
            if (customer?.Status == CustomerStatus.TransferredOut) customer = null;
        }
        else customer = null;
        return customer is not null && CustomerAccess.MaySee(caller, customer) ? customer : null;
    }

    /// <summary>
    /// Every event of the customer in every branch it has been in, in the order they happened
    /// (a transfer closes the stream in one branch and continues it in the next).
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> StreamAcrossBranchesAsync(IDocumentStore store, Guid id, DateTimeOffset? upTo, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.StreamId == id);
        if (upTo is { } time) events = events.Where(e => e.Timestamp <= time);
        return await events.OrderBy(e => e.Sequence).ToListAsync(ct);
    }
}
