using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 2 of DOMAIN.md: customers ranked by sales, within a category or overall. Walking down the
/// ranking, a customer is A while the cumulative share before it is under <c>a</c>, B while it is under
/// <c>a + b</c>, and C after that (so the top customer is always A). A merged customer's sales rank
/// under its survivor; <c>category</c> keeps the sales made while the customer was in it; <c>from</c>/<c>to</c>
/// are local days of each order's branch (see <see cref="OrderSales"/>).
/// </summary>
/// <remarks>
/// Paged (<see cref="ReportPage"/>): each item's share, cumulative share and class, and the <c>classes</c>
/// counts and sales, are over the whole ranking, not the page. A CSV export without <c>limit</c> or
/// <c>cursor</c> has every customer.
/// </remarks>
public static class AbcReport
{
    public sealed record Item(Guid CustomerId, string Name, decimal Sales, decimal Share, decimal CumulativeShare, string Class);
    public sealed record ClassTotal(int Customers, decimal Sales);
    public sealed record Response(string? Category, decimal A, decimal B, IReadOnlyList<Item> Items, string? NextCursor,
        IReadOnlyDictionary<string, ClassTotal> Classes, long AsOfPosition, long LagMs);

    public static void MapAbcReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/abc", Handle).WithName("AbcReport")
            .WithSummary("Customers ranked by sales and classed A, B or C by the cumulative share before each")
            .WithDescription(ReportPage.Description);

    private static async Task<IResult> Handle(string? branch, string? category, decimal? a, decimal? b, DateOnly? from, DateOnly? to,
        string? limit, string? cursor, HttpContext http, IDocumentStore store, ReportCache cache, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        var (aShare, bShare) = (a ?? 0.75m, b ?? 0.20m);
        if (aShare <= 0 || bShare < 0 || aShare + bShare > 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["a"] = ["a must be above 0, b not below 0, and a + b at most 1."] });
        if (!ReportPage.TryRead(http, limit, cursor, out var page, out var badPage)) return badPage;

        category = string.IsNullOrEmpty(category) ? null : category;
        async Task<Response> Rank(CancellationToken token)
        {
            var where = OrderSales.Where(scope, from, to);
            if (category is not null) where.Add($"{OrderSales.Category} = ?", category);
            await using var session = store.QuerySession();
            var ranking = (await session.AdvancedSql.QueryAsync<Ranking>(
                await RankingSqlAsync(store, where, token), token, [.. where.Parameters, aShare, aShare + bShare, page.Offset, page.Through])).Single();
            var (rows, next) = page.Of(ranking.Items);
            var items = rows.Select(r => new Item(r.CustomerId, r.Name, r.Sales, Math.Round(r.Share, 4), Math.Round(r.CumulativeShare, 4), r.Class)).ToList();
            var classes = new[] { "A", "B", "C" }.ToDictionary(c => c, c => ranking.Classes.FirstOrDefault(k => k.Class == c) is { } k ? new ClassTotal(k.Customers, k.Sales) : new ClassTotal(0, 0));
            var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, token));
            return new Response(category, aShare, bShare, items, next, classes, lag.AsOfPosition, lag.LagMs);
        }
        // A whole export is worked out for its caller; a page is kept (ReportCache) for whoever asks for the same next.
        var response = page.Whole ? await Rank(ct)
            : await cache.GetAsync($"abc|{scope.Branch}|{scope.OwnerId}|{category}|{aShare}|{bShare}|{from:O}|{to:O}|{page.Offset}|{page.Take}", Rank, ct);
        return CsvReport.Respond(http, response, response.Items);
    }

    /// <summary>
    /// The whole ranking is worked out in PostgreSQL; only the page (the ranks after the offset, up to
    /// <see cref="ReportPage.Through"/>) and the class totals come back. Parameters after the conditions:
    /// <c>a</c>, <c>a + b</c>, the offset and the last rank.
    /// </summary>
    /// <remarks>
    /// Sales, running sales and class depend only on the rank, not on who holds it, so every customer is
    /// ranked by sales alone (ties by id) and no name is read for that. Only customers tied on sales with
    /// one on the page are then named and put back in name order (ordinal, collation "C", then id) within
    /// their tie: a page reads a few names, not 80,000.
    /// The class compares the sales before the customer with <c>a</c> (or <c>a + b</c>) times all sales:
    /// the unrounded share before it, without a division's rounding. With no sales at all every share is 0,
    /// so every customer is A. Shares come with 20 decimals and are rounded to 4 in .NET, half to even as
    /// in the other reports.
    /// </remarks>
    private static async Task<string> RankingSqlAsync(IDocumentStore store, SqlWhere where, CancellationToken ct) => $"""
        with totals as (
          select {OrderSales.Customer} as customer, sum({OrderSales.Total}) as sales
          from {await OrderSales.FromAsync(store, ct)}
          where {where.Sql} group by 1),
        ranked as (
          select r.*, case when r.sales_all = 0 or r.sales_through - r.sales < ? * r.sales_all then 'A'
                           when r.sales_through - r.sales < ? * r.sales_all then 'B' else 'C' end as abc
          from (select t.customer, t.sales, row_number() over ranking as place,
                       sum(t.sales) over ranking as sales_through, sum(t.sales) over () as sales_all
                from totals t
                window ranking as (order by t.sales desc, t.customer rows between unbounded preceding and current row)) r),
        page as (
          select * from ranked where place > ? and place <= ?),
        tied as (
          select m.customer, m.name,
                 min(m.place) over (partition by m.sales) - 1
                   + row_number() over (partition by m.sales order by m.name collate "C", m.customer) as place
          from (select t.customer, t.sales, t.place, coalesce(c.data ->> 'name', '') as name
                from ranked t {await OrderSales.JoinCustomersAsync(store, "t.customer", ct)}
                where t.sales between (select min(sales) from page) and (select max(sales) from page)) m)
        select jsonb_build_object(
          'items', coalesce((select jsonb_agg(jsonb_build_object('customerId', n.customer, 'name', n.name, 'sales', p.sales,
                                                                 'share', case when p.sales_all = 0 then 0 else trim_scale(round(p.sales / p.sales_all, 20)) end,
                                                                 'cumulativeShare', case when p.sales_all = 0 then 0 else trim_scale(round(p.sales_through / p.sales_all, 20)) end,
                                                                 'class', p.abc)
                                              order by p.place)
                             from page p join tied n on n.place = p.place), '[]'),
          'classes', coalesce((select jsonb_agg(jsonb_build_object('class', k.abc, 'customers', k.customers, 'sales', k.sales))
                               from (select abc, count(*) as customers, sum(sales) as sales from ranked group by abc) k), '[]'))
        """;

    private sealed record Ranking(IReadOnlyList<Ranked> Items, IReadOnlyList<ClassRow> Classes);
    private sealed record Ranked(Guid CustomerId, string Name, decimal Sales, decimal Share, decimal CumulativeShare, string Class);
    private sealed record ClassRow(string Class, int Customers, decimal Sales);
}
