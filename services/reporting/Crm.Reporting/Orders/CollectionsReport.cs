using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 8 of DOMAIN.md: signed vs collected vs outstanding, per customer (a merged customer's
/// orders under its survivor), rep (the order's current owner, who collects; a rep sees the orders
/// they own now) or branch (the one the order was signed in). Counts orders signed and not cancelled;
/// <c>overdue</c> is what is still owed on orders whose payment due time has passed. <c>from</c>/<c>to</c>
/// pick orders by signing day, local to each order's branch.
/// </summary>
/// <remarks>
/// Paged (<see cref="ReportPage"/>): <c>total</c> adds up every group, not the page. A CSV export without
/// <c>limit</c> or <c>cursor</c> has every group.
/// </remarks>
public static class CollectionsReport
{
    // "signed" is the managers' word for the amount contracted (API.md), not the integer keyword.
#pragma warning disable CA1720
    public sealed record Item(string Key, string Name, int Orders, decimal Signed, decimal Collected, decimal Outstanding, decimal Overdue);
    public sealed record Totals(int Orders, decimal Signed, decimal Collected, decimal Outstanding, decimal Overdue);
#pragma warning restore CA1720
    public sealed record Response(string GroupBy, IReadOnlyList<Item> Items, string? NextCursor, Totals Total, DateTimeOffset AsOf, long AsOfPosition, long LagMs);

    public static void MapCollectionsReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/collections", Handle).WithName("CollectionsReport")
            .WithSummary("Signed, collected, outstanding and overdue per customer, rep or branch, most outstanding first")
            .WithDescription(ReportPage.Description);

    private static async Task<IResult> Handle(string? branch, string? groupBy, DateOnly? from, DateOnly? to, string? limit, string? cursor,
        HttpContext http, IDocumentStore store, TimeProvider time, ReportCache cache, SalesRankings rankings, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        groupBy ??= "customer";
        if (groupBy is not ("customer" or "rep" or "branch"))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["groupBy"] = ["Use customer, rep or branch."] });
        if (!ReportPage.TryRead(http, limit, cursor, out var page, out var badPage)) return badPage;
        if (groupBy != "branch")
        {
            var ranked = await RankedAsync(store, rankings, groupBy == "customer" ? SalesRankings.Collections : SalesRankings.CollectionsByRep,
                groupBy, scope, from, to, page, ct);
            return CsvReport.Respond(http, ranked, ranked.Items);
        }

        // Branches are few: grouped on the order rows (the branch is its own name), kept while nothing was recorded.
        var response = page.Whole ? await Collect(ct)
            : await cache.GetAsync($"collections|{scope.Branch}|{scope.OwnerId}|{groupBy}|{from:O}|{to:O}|{page.Offset}|{page.Take}", Collect, ct);
        return CsvReport.Respond(http, response, response.Items);

        Task<Response> Collect(CancellationToken token) => ByBranchAsync(store, time, scope, from, to, page, token);
    }

    /// <summary>
    /// Per customer or rep, from the kept ranking (<see cref="SalesRankings.Collections"/>, brought up to date from the
    /// groups whose orders changed or fell due since): the same order as the grouped query of the branches.
    /// </summary>
    private static async Task<Response> RankedAsync(IDocumentStore store, SalesRankings rankings, RankingKind kind, string groupBy, ReportScope scope,
        DateOnly? from, DateOnly? to, ReportPage page, CancellationToken ct)
    {
        var ranking = await RankingAsync(rankings, kind, scope, from, to, ct);
        var (first, last) = ranking.Places(page);
        await using var session = store.QuerySession();
        var holders = await rankings.HoldersAsync(session, ranking, first, last, ct);
        var (items, next) = page.Of([.. holders.Select(h => new Item(h.Holder.Key == Guid.Empty ? "" : h.Holder.Key.ToString(), h.Name, (int)h.Holder.Values[0],
            h.Holder.Values[1], h.Holder.Values[2], h.Holder.Values[3], h.Holder.Values[4]))]);
        var t = ranking.Totals;
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return new Response(groupBy, items, next, new Totals((int)t[0], t[1], t[2], t[3], t[4]), ranking.AsOf, lag.AsOfPosition, lag.LagMs);
    }

    /// <summary>The customers' or reps' (<paramref name="kind"/>) collections in <paramref name="scope"/> and the period, ranked.</summary>
    public static Task<Ranking> RankingAsync(SalesRankings rankings, RankingKind kind, ReportScope scope, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        rankings.GetAsync(kind, $"{scope.Branch}|{scope.OwnerId}|{from:O}|{to:O}", OrderSales.Where(scope, from, to, ownerColumn: "o.owner_id"), ct);

    /// <summary>Per branch (a few groups, each its own name), grouped from the order rows.</summary>
    private static async Task<Response> ByBranchAsync(IDocumentStore store, TimeProvider time, ReportScope scope,
        DateOnly? from, DateOnly? to, ReportPage page, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var where = OrderSales.Where(scope, from, to, ownerColumn: "o.owner_id");
        await using var session = store.QuerySession();
        // The page's amounts come from sorting the groups on outstanding and signed alone (a top-N sort, not
        // a full one); then the groups tied with those amounts are ranked by name within their tie, counting
        // on from the groups ahead.
        var report = (await session.AdvancedSql.QueryAsync<Report>($"""
            with groups as (
              select o.branch as key, count(*) as orders, sum({OrderSales.Total}) as signed,
                     sum(o.collected) as collected, sum(o.outstanding) as outstanding,
                     sum(case when o.due_at < ? then o.outstanding else 0 end) as overdue
              from {await OrderSales.FromAsync(store, ct)}
              where {where.Sql} group by 1),
            page as (
              select outstanding, signed from groups order by outstanding desc, signed desc offset ? limit ?),
            first_on_page as (
              select outstanding, signed from page order by outstanding desc, signed desc limit 1),
            last_on_page as (
              select outstanding, signed from page order by outstanding, signed limit 1),
            tied as (
              select m.*, (select count(*) from groups g where (g.outstanding, g.signed) > (select outstanding, signed from first_on_page))
                          + row_number() over (order by m.outstanding desc, m.signed desc, m.name collate "C", m.key collate "C") as place
              from (select t.*, t.key as name from groups t
                    where (t.outstanding, t.signed) <= (select outstanding, signed from first_on_page)
                      and (t.outstanding, t.signed) >= (select outstanding, signed from last_on_page)) m)
            select jsonb_build_object(
              'items', coalesce((select jsonb_agg(jsonb_build_object('key', p.key, 'name', p.name, 'orders', p.orders, 'signed', p.signed,
                                                                     'collected', p.collected, 'outstanding', p.outstanding, 'overdue', p.overdue)
                                                  order by p.place)
                                 from tied p where p.place > ? and p.place <= ?), '[]'),
              'total', (select jsonb_build_object('orders', coalesce(sum(g.orders), 0), 'signed', coalesce(sum(g.signed), 0),
                                                  'collected', coalesce(sum(g.collected), 0), 'outstanding', coalesce(sum(g.outstanding), 0),
                                                  'overdue', coalesce(sum(g.overdue), 0))
                        from groups g))
            """, ct, [now, .. where.Parameters, page.Offset, page.Take, page.Offset, page.Through])).Single();

        var (items, next) = page.Of(report.Items);
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return new Response("branch", items, next, report.Total, now, lag.AsOfPosition, lag.LagMs);
    }

    private sealed record Report(IReadOnlyList<Item> Items, Totals Total);
}
