using System.Globalization;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 3 of DOMAIN.md: one customer's sales (with those of the customers merged into it) per month
/// of <c>year</c> (this year of the branch asked about by default) and per year, each with the company's
/// sales in the same period and the customer's share of them, compared with <c>requiredShare</c> when
/// given. Months are the order branch's own (<see cref="BranchCalendar"/>). The company
/// total is every counted order in the caller's branch scope (the group for group-level callers without
/// <c>?branch=</c>); the customer's sales are only the orders the caller may see (a rep's own).
/// </summary>
public static class CustomerTransactionsReport
{
    public sealed record Period(string Label, decimal Sales, decimal CompanySales, decimal Share, bool? MeetsRequired);
    public sealed record Response(Guid CustomerId, string Name, int Year, decimal? RequiredShare, IReadOnlyList<Period> Months, IReadOnlyList<Period> Years, long AsOfPosition, long LagMs);

    public static void MapCustomerTransactionsReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/customers/{id:guid}/transactions", Handle).WithName("CustomerTransactionsReport");

    private static async Task<IResult> Handle(Guid id, string? branch, int? year, decimal? requiredShare,
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (requiredShare is < 0 or > 1)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["requiredShare"] = ["Use a share between 0 and 1."] });
        await using var session = store.QuerySession();
        var shown = year ?? (await BranchCalendar.TodayAsync(session, scope.Branch, time, ct)).Year;

        // The customer's sales from its orders (by the customer's index); the company's from the daily sums of the branch scope.
        var mine = OrderSales.Where(scope, null, null).Add($"{OrderSales.Customer} = ?", id);
        var company = OrderSales.DailyWhere(scope.Branch, null, null);
        var rows = await session.AdvancedSql.QueryAsync<MonthTotals>($"""
            select jsonb_build_object('year', t.year, 'month', t.month, 'sales', sum(t.sales), 'companySales', sum(t.company)) from (
              select {YearMonth}, sum({OrderSales.Total}) as sales, 0 as company
              from {await OrderSales.FromAsync(store, ct)} where {mine.Sql} group by 1, 2
              union all
              select {YearMonth}, 0, sum({OrderSales.Total})
              from {await OrderSales.DailyFromAsync(store, ct)} where {company.Sql} group by 1, 2) t
            group by t.year, t.month
            """, ct, [.. mine.Parameters, .. company.Parameters]);

        var customer = await session.LoadAsync<ReportCustomer>(id, ct);
        var visible = customer is not null && (scope.Branch is null || customer.Branch == scope.Branch) && (scope.OwnerId is null || customer.OwnerId == scope.OwnerId);
        if (!visible && rows.All(r => r.Sales == 0))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer in your reports.");

        Period Of(string label, IEnumerable<MonthTotals> totals)
        {
            var (sales, company) = (totals.Sum(t => t.Sales), totals.Sum(t => t.CompanySales));
            var share = OrderSales.Share(sales, company);
            return new Period(label, sales, company, share, requiredShare is { } required ? share >= required : null);
        }
        var months = Enumerable.Range(1, 12)
            .Select(m => Of(new DateOnly(shown, m, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture), rows.Where(r => r.Year == shown && r.Month == m)))
            .ToList();
        var years = rows.Where(r => r.Sales != 0).Select(r => r.Year).Append(shown).Distinct().Order()
            .Select(y => Of(y.ToString(CultureInfo.InvariantCulture), rows.Where(r => r.Year == y)))
            .ToList();
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(id, customer?.Name ?? "", shown, requiredShare, months, years, lag.AsOfPosition, lag.LagMs), years.Concat(months));
    }

    private const string YearMonth =
        $"CAST(extract(year from {OrderSales.LocalDay}) as int) as year, CAST(extract(month from {OrderSales.LocalDay}) as int) as month";

    public sealed record MonthTotals(int Year, int Month, decimal Sales, decimal CompanySales);
}
