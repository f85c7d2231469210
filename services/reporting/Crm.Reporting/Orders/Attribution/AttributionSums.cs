using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>
/// The sums kept from the attribution rows (<see cref="AttributionTables.DailyTable"/>, <see cref="AttributionTables.ProductMonthTable"/>,
/// <see cref="AttributionTables.OwedTable"/>): recordings append their changes to a <c>_pending</c> table beside each, so that
/// they never wait on one another's sum rows, and a merge about once a second (<see cref="PendingSums"/>) adds them in.
/// </summary>
public static class AttributionSums
{
    private const string File = "Orders/Attribution/sums-merge.sql";

    /// <summary>The sums tables, in the order they are merged (each statement of <c>sums-merge.sql</c> is named after its table).</summary>
    private static readonly string[] Tables = [AttributionTables.DailyTable, AttributionTables.ProductMonthTable, AttributionTables.OwedTable];

    /// <summary>
    /// A sums table as of now (alias it): its rows and the changes still pending for it, one row per key or more
    /// (a reader sums them). Every change is in one or the other in any snapshot, never both: the merge moves it in one transaction.
    /// </summary>
    public static string Summed(IDocumentStore store, string table) =>
        $"(select * from {AttributionTables.Qualified(store, table)} union all select * from {AttributionTables.Qualified(store, table + "_pending")})";

    /// <summary>
    /// Adds the pending changes into each sums table and removes them, in one transaction per table (rows of a key
    /// in key order, so that two merges at once do not deadlock); returns how many changes it moved.
    /// </summary>
    public static async Task<int> MergePendingAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        var sql = SqlFile.Of(File, store.Options.DatabaseSchemaName);
        string[] pending;
        await using (var look = store.QuerySession())
            pending = [.. await look.AdvancedSql.QueryAsync<string>(sql.Statement("pending"), ct)];
        var moved = 0;
        foreach (var table in Tables.Where(pending.Contains))
        {
            await using var session = store.QuerySession();
            var counts = await session.AdvancedSql.QueryAsync<int>(sql.Statement(table), ct);
            moved += counts.Single();
        }
        return moved;
    }
}
