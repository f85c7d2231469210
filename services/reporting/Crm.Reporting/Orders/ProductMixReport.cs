using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 5 of DOMAIN.md: products ranked by sales (the line totals of counted orders) with each
/// one's share and the cumulative share down the ranking. Products are named as on their latest order;
/// <c>category</c> keeps one product category; <c>from</c>/<c>to</c> pick orders by signing day, local to each order's branch.
/// </summary>
public static class ProductMixReport
{
    public sealed record Item(int Rank, Guid ProductId, string Code, string Name, string Category, decimal Quantity, decimal Sales, decimal Share, decimal CumulativeShare);
    public sealed record Response(IReadOnlyList<Item> Items, decimal Total, long AsOfPosition, long LagMs);

    public static void MapProductMixReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/product-mix", Handle).WithName("ProductMixReport");

    private static async Task<IResult> Handle(string? branch, string? category, DateOnly? from, DateOnly? to,
        HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;

        var where = OrderSales.Where(scope, from, to);
        if (!string.IsNullOrEmpty(category)) where.Add("o.product_category = ?", category);
        await using var session = store.QuerySession();
        var lines = await OrderSales.LinesFromAsync(store, ct);
        // Whole local months from the monthly sums per product (not per rep: a rep's own from their lines), the days around them from the lines.
        var months = scope.OwnerId is null ? OrderSales.WholeMonths(from, to) : null;
        var days = where;
        var monthsSql = "";
        if (months is not null)
        {
            if (scope.Branch is { } scoped) months.Add("m.branch = ?", scoped);
            if (!string.IsNullOrEmpty(category)) months.Add("m.product_category = ?", category);
            monthsSql = $"""
                union all
                select m.product_id, m.quantity, m.sales from {AttributionSums.Summed(store, AttributionTables.ProductMonthTable)} m where {months.Sql}
                """;
            days = OrderSales.Where(scope, from, to).OutsideWholeMonths(from, to);
            if (!string.IsNullOrEmpty(category)) days.Add("o.product_category = ?", category);
        }
        var totals = await session.AdvancedSql.QueryAsync<ProductSales>($"""
            select jsonb_build_object('productId', t.product_id, 'code', n.product_code, 'name', n.product_name, 'category', n.product_category,
                                      'quantity', t.quantity, 'sales', t.sales) from (
              select s.product_id, sum(s.quantity) as quantity, sum(s.sales) as sales from (
                select o.product_id, o.quantity, o.line_total as sales from {lines} where {days.Sql}
                {monthsSql}) s
              group by 1) t
            -- named as on the product's latest order among those summed
            cross join lateral (select o.product_code, o.product_name, o.product_category from {lines}
                                where {where.Sql} and o.product_id = t.product_id order by o.local_day desc, o.signed_at desc limit 1) n
            """, ct, [.. days.Parameters, .. months?.Parameters ?? [], .. where.Parameters]);

        var total = totals.Sum(t => t.Sales);
        var cumulative = 0m;
        var items = totals.OrderByDescending(t => t.Sales).ThenBy(t => t.Code, StringComparer.Ordinal).ThenBy(t => t.ProductId)
            .Select((t, i) =>
            {
                cumulative += total == 0 ? 0 : t.Sales / total;
                return new Item(i + 1, t.ProductId, t.Code, t.Name, t.Category, t.Quantity, t.Sales, OrderSales.Share(t.Sales, total), Math.Round(cumulative, 4));
            })
            .ToList();
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(items, total, lag.AsOfPosition, lag.LagMs), items);
    }

    public sealed record ProductSales(Guid ProductId, string Code, string Name, string Category, decimal Quantity, decimal Sales);
}
