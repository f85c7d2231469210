using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 4 of DOMAIN.md. Sales are put in calendar months of the order branch's own time zone
/// (<see cref="BranchCalendar"/>). The years are the last <c>years</c> full calendar years before the
/// current one (the current year of the branch asked about, or of the default zone group-wide), starting
/// no earlier than the first of them with sales ("up to" that many years). For each
/// month: <c>average</c> = its sales summed over those years / the number of years; <c>index</c> = average /
/// the average month × 100; <c>share</c> = average / the sum of the averages; <c>target</c> = share ×
/// <c>annualTarget</c>. Narrowed to one customer (with the customers merged into it) or one product (its
/// line totals) on request.
/// </summary>
public static class SeasonalIndexReport
{
    public sealed record Row(int Month, decimal Average, decimal? Index, decimal? Share, decimal? Target);
    public sealed record Response(IReadOnlyList<Row> Months, int? FromYear, int ToYear, int YearsUsed, decimal? AnnualTarget, long AsOfPosition, long LagMs);

    public static void MapSeasonalIndexReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/seasonal-index", Handle).WithName("SeasonalIndexReport");

    private static async Task<IResult> Handle(string? branch, int? years, Guid? customerId, Guid? productId, decimal? annualTarget,
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        var span = years ?? 3;
        if (span is < 1 or > 10)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["years"] = ["Use 1 to 10 years."] });
        if (annualTarget is < 0)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["annualTarget"] = ["The annual target may not be negative."] });

        await using var session = store.QuerySession();
        var lastYear = (await BranchCalendar.TodayAsync(session, scope.Branch, time, ct)).Year - 1;
        var firstYear = lastYear - span + 1;
        var parameters = new List<object>();
        string source;
        SqlWhere where;
        var amount = OrderSales.Total;
        if (productId is null && customerId is null && scope.OwnerId is null)
        {
            // Branch- or group-wide: from the daily sums.
            source = await OrderSales.DailyFromAsync(store, ct);
            where = OrderSales.DailyWhere(scope.Branch, new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31));
        }
        else if (productId is { } product && customerId is null)
        {
            // Only the product's lines (which carry their order's branch, rep, day and whether it counts).
            (source, amount) = (await OrderSales.LinesFromAsync(store, ct), "o.line_total");
            where = OrderSales.Where(scope, new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31)).Add("o.product_id = ?", product);
        }
        else
        {
            source = await OrderSales.FromAsync(store, ct);
            if (productId is { } customerProduct)
            {
                // Only the product's lines of the customer's orders.
                amount = "l.line_total";
                source += $" join {AttributionTables.Qualified(store, AttributionTables.LinesTable)} l on l.order_id = o.order_id and l.product_id = ?";
                parameters.Add(customerProduct);
            }
            where = OrderSales.Where(scope, new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31));
            if (customerId is { } customer) where.Add($"{OrderSales.Customer} = ?", customer);
        }
        parameters.AddRange(where.Parameters);

        var sales = await session.AdvancedSql.QueryAsync<MonthSales>($"""
            select jsonb_build_object('year', t.year, 'month', t.month, 'sales', t.sales) from (
              select CAST(extract(year from {OrderSales.LocalDay}) as int) as year, CAST(extract(month from {OrderSales.LocalDay}) as int) as month,
                     sum({amount}) as sales
              from {source}
              where {where.Sql} group by 1, 2) t
            """, ct, [.. parameters]);

        var months = Compute(sales, lastYear, annualTarget, out var usedFrom, out var yearsUsed);
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(months, usedFrom, lastYear, yearsUsed, annualTarget, lag.AsOfPosition, lag.LagMs), months);
    }

    /// <summary>The twelve months' averages, indices, shares and targets from sales per (year, month).</summary>
    public static List<Row> Compute(IReadOnlyList<MonthSales> sales, int lastYear, decimal? annualTarget, out int? fromYear, out int yearsUsed)
    {
        var withSales = sales.Where(s => s.Sales != 0).ToList();
        fromYear = withSales.Count == 0 ? null : withSales.Min(s => s.Year);
        yearsUsed = fromYear is { } first ? lastYear - first + 1 : 0;
        var n = yearsUsed;
        var averages = Enumerable.Range(1, 12).Select(m => n == 0 ? 0 : sales.Where(s => s.Month == m).Sum(s => s.Sales) / n).ToList();
        var sum = averages.Sum();
        var averageMonth = sum / 12;
        return averages.Select((average, i) => new Row(
                i + 1,
                Math.Round(average, 2),
                averageMonth == 0 ? null : Math.Round(average / averageMonth * 100, 2),
                sum == 0 ? null : Math.Round(average / sum, 4),
                sum == 0 || annualTarget is not { } target ? null : Math.Round(target * average / sum, 2)))
            .ToList();
    }

    public sealed record MonthSales(int Year, int Month, decimal Sales);
}
