using Crm.Reporting.CustomerMix;
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
/// order's row in <see cref="OrderAttribution.Table"/>.
/// </remarks>
public static class OrderSales
{
    /// <summary>The customer a sale counts for (uuid).</summary>
    public const string Customer = "o.customer_id";

    /// <summary>The customer category a sale counts in.</summary>
    public const string Category = "o.category";

    /// <summary>When the order was signed, on the wall clock of its branch (timestamp without zone).</summary>
    public const string LocalTime = "lt.local_time";

    public const string Total = "o.total";

    /// <summary>When the order was signed (timestamptz).</summary>
    public const string SignedAt = "o.signed_at";

    /// <summary>The rep who signed the order (an order folded before reporting kept it: its owner, until the reports are rebuilt).</summary>
    public const string SignedOwnerSql = "o.signed_owner_id";

    /// <summary>
    /// Orders (alias <c>o</c>, columns of <see cref="OrderAttribution.Table"/>) with the branch (<c>b</c>)
    /// and the local signing time (<see cref="LocalTime"/>).
    /// </summary>
    public static async Task<string> FromAsync(IDocumentStore store, CancellationToken ct)
    {
        await OrderAttribution.EnsureAsync(store, ct);
        return $"""
            {OrderAttribution.Qualified(store, OrderAttribution.Table)} o
              {await BranchZonesAsync(store, "o.branch", ct)}
              cross join lateral (select (o.signed_at at time zone coalesce(b.time_zone, '{BranchCalendar.DefaultTimeZone}')) as local_time) lt
            """;
    }

    /// <summary>
    /// Each branch's time zone (alias <c>b</c>, column <c>time_zone</c>), one row per code, so that PostgreSQL
    /// leaves the join out of a query that does not use the local time.
    /// </summary>
    public static async Task<string> BranchZonesAsync(IDocumentStore store, string branchCode, CancellationToken ct) => $"""
        left join (select distinct on (z.data ->> 'code') z.data ->> 'code' as code, z.data ->> 'timeZone' as time_zone
                   from {await SqlWhere.TableAsync<Crm.Reporting.Staff.ReportBranch>(store, ct)} z
                   order by z.data ->> 'code', CAST(z.data ->> 'sourcePosition' as bigint) desc) b on b.code = {branchCode}
        """;

    /// <summary>
    /// Order lines (alias <c>o</c>, columns of <see cref="OrderAttribution.LinesTable"/>, which carry their
    /// order's branch, signing rep, signing time and whether it counts) with the local signing time, for
    /// the product analyses: the same conditions (<see cref="Where"/>) apply.
    /// </summary>
    public static async Task<string> LinesFromAsync(IDocumentStore store, CancellationToken ct)
    {
        await OrderAttribution.EnsureAsync(store, ct);
        return $"""
            {OrderAttribution.Qualified(store, OrderAttribution.LinesTable)} o
              {await BranchZonesAsync(store, "o.branch", ct)}
              cross join lateral (select (o.signed_at at time zone coalesce(b.time_zone, '{BranchCalendar.DefaultTimeZone}')) as local_time) lt
            """;
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
        // No branch's day starts more than 14 hours either side of UTC's: a day's margin lets the index on
        // the signing instant narrow the rows before each is put on its branch's calendar.
        if (from is { } f) where.Add($"{SignedAt} >= ?", new DateTimeOffset(f.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (to is { } t) where.Add($"{SignedAt} < ?", new DateTimeOffset(t.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return where.LocalDays(LocalTime, from, to);
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
