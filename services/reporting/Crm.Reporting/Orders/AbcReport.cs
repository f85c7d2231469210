using System.Text;
using Crm.Reporting.CustomerMix;
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
/// orders changed (<see cref="CustomerSalesRankings"/>); only the customers tied with the page are named.
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
        string? limit, string? cursor, HttpContext http, IDocumentStore store, CustomerSalesRankings rankings, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        var (aShare, bShare) = (a ?? 0.75m, b ?? 0.20m);
        if (aShare <= 0 || bShare < 0 || aShare + bShare > 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["a"] = ["a must be above 0, b not below 0, and a + b at most 1."] });
        if (!ReportPage.TryRead(http, limit, cursor, out var page, out var badPage)) return badPage;

        category = string.IsNullOrEmpty(category) ? null : category;
        var where = OrderSales.Where(scope, from, to);
        if (category is not null) where.Add($"{OrderSales.Category} = ?", category);
        var ranking = await rankings.GetAsync($"abc|{scope.Branch}|{scope.OwnerId}|{category}|{from:O}|{to:O}", where, ct);

        // The page's places, widened to whole ties on sales: within a tie customers go in name order (ordinal, as
        // collation "C" compares UTF-8, then id), so only those few are named, not 80,000.
        var (first, last) = ((int)Math.Min(page.Offset, ranking.Count), (int)Math.Min(page.Through, ranking.Count));
        var (tieFrom, tieTo) = ranking.TiesAround(first, last);
        await using var session = store.QuerySession();
        var ids = Enumerable.Range(tieFrom, tieTo - tieFrom).Select(p => ranking[p].CustomerId).ToArray();
        var names = ids.Length == 0 ? new Dictionary<Guid, string>()
            : (await session.AdvancedSql.QueryAsync<Named>(
                $"select jsonb_build_object('id', c.id, 'name', coalesce(c.data ->> 'name', '')) from {await SqlWhere.TableAsync<ReportCustomer>(store, ct)} c where c.tenant_id = ? and c.id = any(?)",
                ct, JasperFx.StorageConstants.DefaultTenantId, ids)).ToDictionary(n => n.Id, n => n.Name);
        var named = Enumerable.Range(tieFrom, tieTo - tieFrom)
            .Select(p => (Id: ranking[p].CustomerId, ranking[p].Sales, Name: names.GetValueOrDefault(ranking[p].CustomerId, "")))
            .OrderByDescending(n => n.Sales).ThenBy(n => Encoding.UTF8.GetBytes(n.Name), Utf8Order).ThenBy(n => n.Id).ToList();
        // Sales, running sales and class belong to the place; who holds it comes from the name order within its tie.
        var rows = Enumerable.Range(first, last - first).Select(p =>
        {
            var holder = named[p - tieFrom];
            return new Item(holder.Id, holder.Name, ranking[p].Sales, Share(ranking[p].Sales, ranking.All), Share(ranking.Through(p), ranking.All),
                ranking.ClassOf(p, aShare, aShare + bShare));
        }).ToList();
        var (items, next) = page.Of(rows);
        var classes = new[] { "A", "B", "C" }.ToDictionary(c => c, _ => new ClassTotal(0, 0));
        for (var p = 0; p < ranking.Count; p++)
        {
            var c = ranking.ClassOf(p, aShare, aShare + bShare);
            classes[c] = new ClassTotal(classes[c].Customers + 1, classes[c].Sales + ranking[p].Sales);
        }
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        var response = new Response(category, aShare, bShare, items, next, classes, lag.AsOfPosition, lag.LagMs);
        return CsvReport.Respond(http, response, response.Items);
    }

    /// <summary>A share of all sales, rounded to 4 decimals half to even as in the other reports (0 when there are no sales).</summary>
    private static decimal Share(decimal part, decimal all) => all == 0 ? 0 : Math.Round(part / all, 4);

    private static readonly IComparer<byte[]> Utf8Order = Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y));

    private sealed record Named(Guid Id, string Name);
}
