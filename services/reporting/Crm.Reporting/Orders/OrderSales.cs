using Crm.Reporting.CustomerMix;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// What the sales analyses share: the counted orders (signed, not cancelled) the caller may see, signed
/// in the period asked for, each with the customer it counts for and the category it counts in.
/// </summary>
/// <remarks>
/// Point in time, from what reporting recorded, so the answer does not depend on whether the order or the
/// customer's events arrived first, and a rebuild gives the same:
/// <list type="bullet">
/// <item>Branch and rep: those on order-signed (the branch it was signed in, its owner then); a later
/// transfer of the customer or reassignment of the order does not move the sale.</item>
/// <item>Customer: the one it was signed to, or, while that customer is merged into a survivor (through
/// any chain of merges), the survivor; an unmerge gives the sale back.</item>
/// <item>Category: the one that customer held at the signing time; for a customer younger than the
/// order (registered later), its earliest known category.</item>
/// <item>Period: <c>from</c>/<c>to</c> are local days of the order's branch (<see cref="BranchCalendar"/>).</item>
/// </list>
/// Customer and category are resolved when the events are recorded (<see cref="OrderAttribution"/>, by
/// <see cref="ResolvedFromAsync"/>), so a report reads plain indexed columns: alias <c>o</c> is the
/// order's row in <see cref="AttributionTables.Table"/>.
/// </remarks>
public static class OrderSales
{
    /// <summary>The customer a sale counts for (uuid).</summary>
    public const string Customer = "o.customer_id";

    /// <summary>The customer category a sale counts in.</summary>
    public const string Category = "o.category";

    /// <summary>The local day the order was signed in its branch (date; <see cref="BranchCalendar"/>).</summary>
    public const string LocalDay = "o.local_day";

    public const string Total = "o.total";

    /// <summary>The rep who signed the order (an order folded before reporting kept it: its owner, until the reports are rebuilt).</summary>
    public const string SignedOwnerSql = "o.signed_owner_id";

    /// <summary>Orders (alias <c>o</c>, columns of <see cref="AttributionTables.Table"/>), their local signing day among them.</summary>
    public static async Task<string> FromAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        return $"{AttributionTables.Qualified(store, AttributionTables.Table)} o";
    }

    /// <summary>
    /// Order lines (alias <c>o</c>, columns of <see cref="AttributionTables.LinesTable"/>, which carry their
    /// order's branch, signing rep, signing time and day and whether it counts), for the product analyses:
    /// the same conditions (<see cref="Where"/>) apply.
    /// </summary>
    public static async Task<string> LinesFromAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        return $"{AttributionTables.Qualified(store, AttributionTables.LinesTable)} o";
    }

    /// <summary>
    /// The counted sales per branch, local day and category (alias <c>o</c>, columns <c>branch</c>, <c>local_day</c>,
    /// <c>category</c>, <c>orders</c>, <c>total</c>; <see cref="AttributionTables.DailyTable"/>), for an analysis that
    /// needs no more than those: filtered with <see cref="DailyWhere"/>. Not per rep: a rep's own sales are read
    /// from the orders (<see cref="ReportScope.OwnerId"/>, <see cref="Where"/>).
    /// </summary>
    public static async Task<string> DailyFromAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        return $"{AttributionSums.Summed(store, AttributionTables.DailyTable)} o";
    }

    /// <summary>The days <paramref name="from"/> to <paramref name="to"/> of the branch in scope, on <see cref="DailyFromAsync"/> (whose rows are counted ones).</summary>
    public static SqlWhere DailyWhere(string? branch, DateOnly? from, DateOnly? to)
    {
        var where = new SqlWhere();
        if (branch is not null) where.Add("o.branch = ?", branch);
        return Days(where, from, to);
    }

    /// <summary>
    /// The whole local months within <paramref name="from"/>..<paramref name="to"/> (either open), as conditions on a
    /// monthly sum's <c>m.month</c> (the month's first day); null when the period holds no whole month. The days
    /// of the period outside them are <see cref="OutsideWholeMonths"/>.
    /// </summary>
    public static SqlWhere? WholeMonths(DateOnly? from, DateOnly? to)
    {
        var (first, end) = MonthBounds(from, to);
        if (first is { } f && end is { } e && f >= e) return null;
        var months = new SqlWhere();
        if (first is { } start) months.Add("m.month >= ?", start);
        if (end is { } stop) months.Add("m.month < ?", stop);
        return months;
    }

    /// <summary>Keeps the days of the period outside its whole months (<see cref="WholeMonths"/>, which is not null for it).</summary>
    public static SqlWhere OutsideWholeMonths(this SqlWhere where, DateOnly? from, DateOnly? to) => MonthBounds(from, to) switch
    {
        ({ } f, { } e) => where.Add($"({LocalDay} < ? or {LocalDay} >= ?)", f, e),
        ({ } f, null) => where.Add($"{LocalDay} < ?", f),
        (null, { } e) => where.Add($"{LocalDay} >= ?", e),
        _ => where.Add("false"),
    };

    /// <summary>The first day of the first whole month from <paramref name="from"/> on, and the first day after the last whole month up to <paramref name="to"/>.</summary>
    private static (DateOnly? First, DateOnly? End) MonthBounds(DateOnly? from, DateOnly? to)
    {
        DateOnly? first = from is { } f ? (f.Day == 1 ? f : new DateOnly(f.Year, f.Month, 1).AddMonths(1)) : null;
        DateOnly? end = to is { } t ? (t.AddDays(1).Day == 1 ? t.AddDays(1) : new DateOnly(t.Year, t.Month, 1)) : null;
        return (first, end);
    }

    /// <summary>Names of the customers, joined (alias <c>c</c>) on a customer id column.</summary>
    public static async Task<string> JoinCustomersAsync(IDocumentStore store, string customerId, CancellationToken ct) =>
        $"left join {await SqlWhere.TableAsync<ReportCustomer>(store, ct)} c on c.tenant_id = '{JasperFx.StorageConstants.DefaultTenantId}' and c.id = {customerId}";

    /// <summary>
    /// Counted orders in the caller's scope, signed on the local days <paramref name="from"/> to <paramref name="to"/>.
    /// A rep's own sales are those they signed (<c>signed_owner_id</c>); collections, which follow the
    /// order's current owner, pass <c>owner_id</c>.
    /// </summary>
    public static SqlWhere Where(ReportScope scope, DateOnly? from, DateOnly? to, string ownerColumn = SignedOwnerSql)
    {
        var where = new SqlWhere("o.counted");
        if (scope.Branch is { } branch) where.Add("o.branch = ?", branch);
        if (scope.OwnerId is { } owner) where.Add($"{ownerColumn} = ?", owner);
        return Days(where, from, to);
    }

    private static SqlWhere Days(SqlWhere where, DateOnly? from, DateOnly? to)
    {
        if (from is { } f) where.Add($"{LocalDay} >= ?", f);
        if (to is { } t) where.Add($"{LocalDay} <= ?", t);
        return where;
    }

    /// <summary>How far behind the order record is.</summary>
    public static async Task<ReportOrder?> NewestAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<ReportOrder>().OrderByDescending(o => o.SourcePosition).FirstOrDefaultAsync(ct);

    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(part / whole, 4);

    public static IResult? InvalidPeriod(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && f > t
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] })
            : null;

    // ---- The resolution itself, applied per order when it is recorded (OrderAttribution) ----

    /// <summary>The customer a sale counts for, in <see cref="ResolvedFromAsync"/>.</summary>
    public const string ResolvedCustomer = "cu.customer_id";

    /// <summary>The category a sale counts in, in <see cref="ResolvedFromAsync"/>.</summary>
    public const string ResolvedCategory = "ca.category";

    private const string DocSignedAt = "CAST(o.data ->> 'signedAt' as timestamptz)";

    /// <summary>How deep a chain of merges (a into b, b into c, ...) is followed.</summary>
    private const int MergeDepth = 16;

    /// <summary>
    /// Order documents (alias <c>o</c>) with the customer each counts for (<see cref="ResolvedCustomer"/>,
    /// its row as <c>c</c>) and the category (<see cref="ResolvedCategory"/>), from the customers' recorded
    /// merges and category histories: per order, for the few orders one recorded event touches.
    /// </summary>
    public static async Task<string> ResolvedFromAsync(IDocumentStore store, CancellationToken ct)
    {
        var customers = await SqlWhere.TableAsync<ReportCustomer>(store, ct);
        return $"""
            {await SqlWhere.TableAsync<ReportOrder>(store, ct)} o
              cross join lateral (
                with recursive chain(id, depth) as (
                  select CAST(o.data ->> 'customerId' as uuid), 0
                  union all
                  select d.merged_into, chain.depth + 1
                  from chain join {customers} d on d.tenant_id = o.tenant_id and d.id = chain.id
                  where d.merged_into is not null and chain.depth < {MergeDepth})
                select id as customer_id from chain order by depth desc limit 1) cu
              left join {customers} c on c.tenant_id = o.tenant_id and c.id = cu.customer_id
              {CategoryAtSigning}
            """;
    }

    /// <summary>
    /// The same as <see cref="ResolvedFromAsync"/> for every order at once (a rebuild): each merged
    /// customer's last survivor is worked out once, not once per order.
    /// </summary>
    public static async Task<string> ResolvedAllFromAsync(IDocumentStore store, CancellationToken ct)
    {
        var customers = await SqlWhere.TableAsync<ReportCustomer>(store, ct);
        return $"""
            {await SqlWhere.TableAsync<ReportOrder>(store, ct)} o
              left join (
                with recursive chain(tenant_id, start, id, depth) as (
                  select m.tenant_id, m.id, m.merged_into, 1 from {customers} m where m.merged_into is not null
                  union all
                  select chain.tenant_id, chain.start, d.merged_into, chain.depth + 1
                  from chain join {customers} d on d.tenant_id = chain.tenant_id and d.id = chain.id
                  where d.merged_into is not null and chain.depth < {MergeDepth})
                select distinct on (tenant_id, start) tenant_id, start, id from chain order by tenant_id, start, depth desc) sv
                on sv.tenant_id = o.tenant_id and sv.start = CAST(o.data ->> 'customerId' as uuid)
              cross join lateral (select coalesce(sv.id, CAST(o.data ->> 'customerId' as uuid)) as customer_id) cu
              left join {customers} c on c.tenant_id = o.tenant_id and c.id = cu.customer_id
              {CategoryAtSigning}
            """;
    }

    /// <summary>The category customer row <c>c</c> held when order <c>o</c> was signed (<see cref="ResolvedCategory"/>).</summary>
    private const string CategoryAtSigning = $"""
        cross join lateral (select coalesce(
          (select s ->> 'category' from jsonb_array_elements(c.data -> 'categories') s
           where CAST(s ->> 'from' as timestamptz) <= {DocSignedAt}
           order by CAST(s ->> 'from' as timestamptz) desc, CAST(s ->> 'position' as bigint) desc limit 1),
          (select s ->> 'category' from jsonb_array_elements(c.data -> 'categories') s
           order by CAST(s ->> 'from' as timestamptz), CAST(s ->> 'position' as bigint) limit 1),
          -- a row folded before reporting kept category histories, until the reports are rebuilt
          nullif(c.data ->> 'category', ''),
          '') as category) ca
        """;
}
