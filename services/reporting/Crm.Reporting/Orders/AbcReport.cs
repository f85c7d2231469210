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
public static class AbcReport
{
    public sealed record Item(Guid CustomerId, string Name, decimal Sales, decimal Share, decimal CumulativeShare, string Class);
    public sealed record ClassTotal(int Customers, decimal Sales);
    public sealed record Response(string? Category, decimal A, decimal B, IReadOnlyList<Item> Items, IReadOnlyDictionary<string, ClassTotal> Classes, long AsOfPosition, long LagMs);

    public static void MapAbcReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/abc", Handle).WithName("AbcReport");

    private static async Task<IResult> Handle(string? branch, string? category, decimal? a, decimal? b, DateOnly? from, DateOnly? to,
        HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        var (aShare, bShare) = (a ?? 0.75m, b ?? 0.20m);
        if (aShare <= 0 || bShare < 0 || aShare + bShare > 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["a"] = ["a must be above 0, b not below 0, and a + b at most 1."] });

        var where = OrderSales.Where(scope, from, to);
        if (!string.IsNullOrEmpty(category)) where.Add($"{OrderSales.Category} = ?", category);
        await using var session = store.QuerySession();
        var totals = await session.AdvancedSql.QueryAsync<CustomerSales>($"""
            select jsonb_build_object('customerId', t.customer, 'name', coalesce(c.data ->> 'name', ''), 'sales', t.sales) from (
              select {OrderSales.Customer} as customer, sum({OrderSales.Total}) as sales
              from {await OrderSales.FromAsync(store, ct)}
              where {where.Sql} group by 1) t
              {await OrderSales.JoinCustomersAsync(store, "t.customer", ct)}
            """, ct, where.Parameters);

        var items = Classify(totals, aShare, bShare);
        var classes = new[] { "A", "B", "C" }.ToDictionary(c => c, c => new ClassTotal(items.Count(i => i.Class == c), items.Where(i => i.Class == c).Sum(i => i.Sales)));
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(string.IsNullOrEmpty(category) ? null : category, aShare, bShare, items, classes, lag.AsOfPosition, lag.LagMs), items);
    }

    /// <summary>Ranks by sales (ties by name, then id) and classes each customer by the cumulative share before it.</summary>
    public static List<Item> Classify(IEnumerable<CustomerSales> totals, decimal a, decimal b)
    {
        var ranked = totals.OrderByDescending(t => t.Sales).ThenBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.CustomerId).ToList();
        var total = ranked.Sum(t => t.Sales);
        var items = new List<Item>(ranked.Count);
        var before = 0m;
        foreach (var t in ranked)
        {
            var share = total == 0 ? 0 : t.Sales / total;
            var cls = before < a ? "A" : before < a + b ? "B" : "C";
            before += share;
            items.Add(new Item(t.CustomerId, t.Name, t.Sales, Math.Round(share, 4), Math.Round(before, 4), cls));
        }
        return items;
    }

    public sealed record CustomerSales(Guid CustomerId, string Name, decimal Sales);
}
