using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>
/// The sums kept from the attribution rows (<see cref="AttributionTables.DailyTable"/>, <see cref="AttributionTables.ProductMonthTable"/>,
/// <see cref="AttributionTables.OwedTable"/>): recordings append their changes to a <c>_pending</c> table beside each, so that
/// they never wait on one another's sum rows, and a merge about once a second (<see cref="PendingSums"/>) adds them in.
/// </summary>
public static class AttributionSums
{
    /// <summary>
    /// A sums table as of now (alias it): its rows and the changes still pending for it, one row per key or more
    /// (a reader sums them). Every change is in one or the other in any snapshot, never both: the merge moves it in one transaction.
    /// </summary>
    public static string Summed(IDocumentStore store, string table) =>
        $"(select * from {AttributionTables.Qualified(store, table)} union all select * from {AttributionTables.Qualified(store, table + "_pending")})";

}
