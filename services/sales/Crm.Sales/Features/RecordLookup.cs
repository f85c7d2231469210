using Crm.Sales.Domain;
using Marten;
using Marten.Linq.MatchesSql;

namespace Crm.Sales.Features;

/// <summary>Finds a sales record only where the caller may look: their branch, or every branch for group roles.</summary>
public static class RecordLookup
{
    /// <returns>The record, or null when it does not exist or the caller may not see it (both a 404).</returns>
    public static async Task<T?> FindVisibleAsync<T>(IDocumentStore store, SalesAccess access, Guid id, CancellationToken ct)
        where T : class, ISalesRecord
    {
        T? record;
        if (access.Caller.IsGroupLevel)
        {
            await using var any = store.QuerySession();
            // Raw id match: a generic member access on T would reach Marten's LINQ as a cast it does not translate.
            record = await any.Query<T>().Where(r => r.AnyTenant() && r.MatchesSql("d.id = ?", id)).FirstOrDefaultAsync(ct);
        }
        else if (access.Caller.Branch is { } branch)
        {
            await using var own = store.QuerySession(branch);
            record = await own.LoadAsync<T>(id, ct);
        }
        else record = null;
        return record is not null && access.MaySee(record) ? record : null;
    }
}
