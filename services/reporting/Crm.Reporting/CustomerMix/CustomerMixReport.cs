using Crm.Reporting.Orders;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.CustomerMix;

/// <summary>
/// Analysis 1 of DOMAIN.md: sales per business category and each category's share. <c>customers</c>
/// counts the active customers now in the category; <c>sales</c> sums the counted orders signed in the
/// period (<c>from</c>/<c>to</c>, local days of each order's branch) under the category the customer
/// held when each was signed (a merged customer's orders: the survivor's category then; see <see cref="OrderSales"/>).
/// </summary>
public static class CustomerMixReport
{
    public sealed record Item(string Category, int Customers, decimal Sales, decimal Share);
    public sealed record Response(IReadOnlyList<Item> Items, long AsOfPosition, long LagMs);

    public static void MapCustomerMix(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/customer-mix", Handle).WithName("CustomerMixReport");

    private static async Task<IResult> Handle(string? branch, DateOnly? from, DateOnly? to, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;

        await using var session = store.QuerySession();
        // Counted from the duplicated columns' covering index alone: one row per category comes back.
        var scoped = new SqlWhere("d.registered", "d.active");
        if (scope.Branch is { } inBranch) scoped.Add("d.branch = ?", inBranch);
        if (scope.OwnerId is { } owner) scoped.Add("d.owner_id = ?", owner);
        var counts = await session.AdvancedSql.QueryAsync<CategoryCount>($"""
            select jsonb_build_object('category', coalesce(d.category, ''), 'customers', count(*))
            from {await SqlWhere.TableAsync<ReportCustomer>(store, ct)} d
            where d.tenant_id = '{JasperFx.StorageConstants.DefaultTenantId}' and {scoped.Sql} group by d.category
            """, ct, scoped.Parameters);
        // Branch- and group-wide from the daily sums per category; a rep's own from their orders.
        var (source, where) = scope.OwnerId is null
            ? (await OrderSales.DailyFromAsync(store, ct), OrderSales.DailyWhere(scope.Branch, from, to))
            : (await OrderSales.FromAsync(store, ct), OrderSales.Where(scope, from, to));
        var sales = await session.AdvancedSql.QueryAsync<CategorySales>($"""
            select jsonb_build_object('category', t.category, 'sales', t.sales) from (
              select {OrderSales.Category} as category, sum({OrderSales.Total}) as sales
              from {source}
              where {where.Sql} group by 1 having {(scope.OwnerId is null ? "sum(o.orders) > 0" : "true")}) t
            """, ct, where.Parameters);

        var total = sales.Sum(s => s.Sales);
        var items = counts.Select(c => c.Category).Union(sales.Select(s => s.Category))
            .Select(category =>
            {
                var amount = sales.Where(s => s.Category == category).Sum(s => s.Sales);
                return new Item(category, counts.Where(c => c.Category == category).Sum(c => c.Customers), amount, OrderSales.Share(amount, total));
            })
            .OrderByDescending(i => i.Sales).ThenByDescending(i => i.Customers).ThenBy(i => i.Category, StringComparer.Ordinal)
            .ToList();

        var lag = ProjectionLag.Of(
            await session.Query<ReportCustomer>().OrderByDescending(c => c.SourcePosition).FirstOrDefaultAsync(ct),
            await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(items, lag.AsOfPosition, lag.LagMs), items);
    }

    public sealed record CategoryCount(string Category, int Customers);
    public sealed record CategorySales(string Category, decimal Sales);
}
