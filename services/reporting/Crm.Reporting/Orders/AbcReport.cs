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
/// <c>cursor</c> has every customer. The ranking itself is kept and brought up to date from the customers whose
/// orders changed (<see cref="SalesRankings"/>); only the customers tied with the page are named.
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
        string? limit, string? cursor, HttpContext http, IDocumentStore store, SalesRankings rankings, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        var (aShare, bShare) = (a ?? 0.75m, b ?? 0.20m);
        if (aShare <= 0 || bShare < 0 || aShare + bShare > 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["a"] = ["a must be above 0, b not below 0, and a + b at most 1."] });
        if (!ReportPage.TryRead(http, limit, cursor, out var page, out var badPage)) return badPage;

        category = string.IsNullOrEmpty(category) ? null : category;
        var ranking = await RankingAsync(rankings, scope, category, from, to, ct);

        var (first, last) = ranking.Places(page);
        await using var session = store.QuerySession();
        var holders = await rankings.HoldersAsync(session, ranking, first, last, ct);
        // A while the sales before the place are under a of all sales, B while under a + b, C after (all A without sales).
        var all = ranking.Totals[0];
        var (aSales, abSales) = (aShare * all, (aShare + bShare) * all);
        string ClassOf(int place)
        {
            var before = ranking.Before(place);
            return all == 0 || before < aSales ? "A" : before < abSales ? "B" : "C";
        }
        // Sales, running sales and class belong to the place; who holds it comes from the name order within its tie.
        var rows = Enumerable.Range(first, last - first).Select(p =>
        {
            var ((holder, name), sales) = (holders[p - first], ranking[p].Values[0]);
            return new Item(holder.Key, name, sales, Share(sales, all), Share(ranking.Through(p), all), ClassOf(p));
        }).ToList();
        var (items, next) = page.Of(rows);
        // Over the whole ranking, once per ranking and thresholds. The classes follow each other down the ranking (the sales
        // before a place only grow): where B and C begin is found by halving; with a negative sum, place by place.
        var classes = ranking.Memo((aShare, bShare), _ =>
        {
            var (customers, sums) = (new int[3], new decimal[3]);
            if (all == 0) (customers[0], sums[0]) = (ranking.Count, all);
            else if (ranking.FirstReaching(aSales) is { } b && ranking.FirstReaching(abSales) is { } c)
                (customers, sums) = ([b, c - b, ranking.Count - c], [ranking.Before(b), ranking.Before(c) - ranking.Before(b), all - ranking.Before(c)]);
            else
                for (var p = 0; p < ranking.Count; p++)
                {
                    var k = ClassOf(p)[0] - 'A';
                    customers[k]++;
                    sums[k] += ranking[p].Values[0];
                }
            return (IReadOnlyDictionary<string, ClassTotal>)new[] { "A", "B", "C" }.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => new ClassTotal(customers[x.i], sums[x.i]));
        });
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        var response = new Response(category, aShare, bShare, items, next, classes, lag.AsOfPosition, lag.LagMs);
        return CsvReport.Respond(http, response, response.Items);
    }

    /// <summary>The customers' sales in <paramref name="scope"/> (and <paramref name="category"/>, the period), ranked.</summary>
    public static Task<Ranking> RankingAsync(SalesRankings rankings, ReportScope scope, string? category, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var where = OrderSales.Where(scope, from, to);
        if (category is not null) where.Add($"{OrderSales.Category} = ?", category);
        return rankings.GetAsync(SalesRankings.Sales, $"{scope.Branch}|{scope.OwnerId}|{category}|{from:O}|{to:O}", where, ct);
    }

    /// <summary>A share of all sales, rounded to 4 decimals half to even as in the other reports (0 when there are no sales).</summary>
    private static decimal Share(decimal part, decimal all) => all == 0 ? 0 : Math.Round(part / all, 4);

}
