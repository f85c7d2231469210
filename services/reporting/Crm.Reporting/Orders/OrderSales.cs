using Crm.Reporting.CustomerMix;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// What the sales analyses share: the counted orders (signed, not cancelled) the caller may see, signed
/// in the period asked for, each with the customer it counts for and the category it counts in.
/// </summary>
/// <remarks>
/// Point in time, resolved when the report is read from what reporting recorded, so the answer does not
/// depend on whether the order or the customer's events arrived first, and a rebuild gives the same:
/// <list type="bullet">
/// <item>Branch and rep: those on order-signed (the branch it was signed in, its owner then); a later
/// transfer of the customer or reassignment of the order does not move the sale.</item>
/// <item>Customer: the one it was signed to, or, while that customer is merged into a survivor (through
/// any chain of merges), the survivor; an unmerge gives the sale back. Alias <c>c</c> is that
/// customer's row (name, category history).</item>
/// <item>Category: the one that customer held at the signing time; for a customer younger than the
/// order (registered later), its earliest known category.</item>
/// <item>Period: <c>from</c>/<c>to</c> are local days of the order's branch (<see cref="BranchCalendar"/>).</item>
/// </list>
/// </remarks>
public static class OrderSales
{
    /// <summary>The customer a sale counts for (uuid).</summary>
    public const string Customer = "cu.customer_id";

    /// <summary>The customer category a sale counts in.</summary>
    public const string Category = "ca.category";

    /// <summary>When the order was signed, on the wall clock of its branch (timestamp without zone).</summary>
    public const string LocalTime = "lt.local_time";

    public const string Total = "CAST(o.data ->> 'total' as numeric)";

    private const string SignedAt = "CAST(o.data ->> 'signedAt' as timestamptz)";

    /// <summary>How deep a chain of merges (a into b, b into c, ...) is followed.</summary>
    private const int MergeDepth = 16;

    /// <summary>
    /// Orders (alias <c>o</c>) with the customer each counts for (<see cref="Customer"/>, its row as <c>c</c>),
    /// the category (<see cref="Category"/>), the branch (<c>b</c>) and the local signing time (<see cref="LocalTime"/>).
    /// </summary>
    public static async Task<string> FromAsync(IDocumentStore store, CancellationToken ct)
    {
        var customers = await SqlWhere.TableAsync<ReportCustomer>(store, ct);
        return $"""
            {await SqlWhere.TableAsync<ReportOrder>(store, ct)} o
              cross join lateral (
                with recursive chain(id, depth) as (
                  select CAST(o.data ->> 'customerId' as uuid), 0
                  union all
                  select CAST(d.data ->> 'mergedInto' as uuid), chain.depth + 1
                  from chain join {customers} d on d.id = chain.id
                  where d.data ->> 'mergedInto' is not null and chain.depth < {MergeDepth})
                select id as customer_id from chain order by depth desc limit 1) cu
              left join {customers} c on c.id = cu.customer_id
              cross join lateral (select coalesce(
                (select s ->> 'category' from jsonb_array_elements(c.data -> 'categories') s
                 where CAST(s ->> 'from' as timestamptz) <= {SignedAt}
                 order by CAST(s ->> 'from' as timestamptz) desc, CAST(s ->> 'position' as bigint) desc limit 1),
                (select s ->> 'category' from jsonb_array_elements(c.data -> 'categories') s
                 order by CAST(s ->> 'from' as timestamptz), CAST(s ->> 'position' as bigint) limit 1),
                -- a row folded before reporting kept category histories, until the reports are rebuilt
                nullif(c.data ->> 'category', ''),
                '') as category) ca
              {await BranchCalendar.JoinAsync(store, "b", "o.data ->> 'branch'", ct)}
              cross join lateral (select {BranchCalendar.LocalTimeSql("o.data ->> 'signedAt'", "b")} as local_time) lt
            """;
    }

    /// <summary>
    /// Counted orders in the caller's scope, signed on the local days <paramref name="from"/> to <paramref name="to"/>.
    /// A rep's own sales are those they signed (<c>signedOwnerId</c>); collections, which follow the
    /// order's current owner, pass <c>ownerId</c>.
    /// </summary>
    public static SqlWhere Where(ReportScope scope, DateOnly? from, DateOnly? to, string ownerField = SignedOwner)
    {
        var where = new SqlWhere("o.data ->> 'counted' = 'true'");
        if (scope.Branch is { } branch) where.Add("o.data ->> 'branch' = ?", branch);
        if (scope.OwnerId is { } owner) where.Add($"CAST({(ownerField == SignedOwner ? SignedOwnerSql : $"o.data ->> '{ownerField}'")} as uuid) = ?", owner);
        return where.LocalDays(LocalTime, from, to);
    }

    private const string SignedOwner = "signedOwnerId";

    /// <summary>The rep who signed the order (an order folded before reporting kept it: its owner, until the reports are rebuilt).</summary>
    public const string SignedOwnerSql = "coalesce(o.data ->> 'signedOwnerId', o.data ->> 'ownerId')";

    /// <summary>How far behind the order record is.</summary>
    public static async Task<ReportOrder?> NewestAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<ReportOrder>().OrderByDescending(o => o.SourcePosition).FirstOrDefaultAsync(ct);

    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(part / whole, 4);

    public static IResult? InvalidPeriod(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && f > t
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] })
            : null;
}
