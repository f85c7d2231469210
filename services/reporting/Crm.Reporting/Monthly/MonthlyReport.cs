using System.Text;
using Crm.Reporting.Activities;
using Crm.Reporting.Orders;
using Crm.Reporting.Pipeline;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Crm.Reporting.Tickets;
using Marten;

namespace Crm.Reporting.Monthly;

/// <summary>
/// Analysis 10 of DOMAIN.md: a month's summary per branch, and for the group when the caller sees
/// more than one branch, next to the previous month and the same month a year before. Each figure
/// counts by its own business time in the branch's calendar (<see cref="MonthCalendar"/>): customers
/// registered and still active at the month's end, orders signed (not cancelled) and payments received
/// (not reversed) in the month, what was owed and overdue at the month's end (payments reversed later
/// are left out, as the collections report does), leads captured, converted and disqualified,
/// opportunities won and lost, calls, visits and meetings done, tickets opened and resolved, the
/// average first-response time (SLA minutes) of the tickets first answered in the month and the
/// average rating given in it. Group averages are over every branch's tickets, not an average of averages.
/// </summary>
public static class MonthlyReport
{
    public sealed record Figures(
        int NewCustomers, int ActiveCustomers, int OrdersSigned, decimal OrdersSignedAmount, decimal Collected, decimal Outstanding, decimal Overdue,
        int LeadsCreated, int LeadsConverted, int LeadsDisqualified,
        int OpportunitiesWon, decimal OpportunitiesWonAmount, int OpportunitiesLost, decimal OpportunitiesLostAmount,
        int Calls, int Visits, int Meetings, int TicketsOpened, int TicketsResolved, decimal? FirstResponseAvgMinutes, decimal? SatisfactionAverage)
    {
        public static Figures From(IReadOnlyDictionary<string, decimal> m)
        {
            decimal Sum(string metric) => m.GetValueOrDefault(metric);
            int Count(string metric) => (int)Sum(metric);
            decimal? Average(string metric, int decimals) =>
                Sum($"{metric}Count") is var n and > 0 ? ServiceReport.Plain(Math.Round(Sum($"{metric}Sum") / n, decimals)) : null;
            return new Figures(
                Count("newCustomers"), Count("activeCustomers"), Count("ordersSigned"), Sum("ordersSignedAmount"), Sum("collected"), Sum("outstanding"), Sum("overdue"),
                Count("leadsCreated"), Count("leadsConverted"), Count("leadsDisqualified"),
                Count("opportunitiesWon"), Sum("opportunitiesWonAmount"), Count("opportunitiesLost"), Sum("opportunitiesLostAmount"),
                Count("calls"), Count("visits"), Count("meetings"), Count("ticketsOpened"), Count("ticketsResolved"),
                Average("firstResponse", 1), Average("satisfaction", 2));
        }
    }

    /// <summary>One branch (<c>Scope</c> branch) or the group total (<c>Scope</c> group, <c>Branch</c> null).</summary>
    public sealed record Row(string Scope, string? Branch, Figures Month, Figures PreviousMonth, Figures SameMonthLastYear);
    public sealed record Response(string Month, string PreviousMonth, string SameMonthLastYear, string Minutes, IReadOnlyList<Row> Rows, long AsOfPosition, long LagMs);
    public sealed record Fact(string Branch, string Period, string Metric, decimal Value);

    private const string ThisMonth = "month", Previous = "previousMonth", LastYear = "sameMonthLastYear";

    public static void MapMonthlyReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/monthly", Handle).WithName("MonthlyReport");

    private static async Task<IResult> Handle(string? branch, string? month, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: false, out var scope, out var refusal)) return refusal;
        if (MonthCalendar.ParseMonth(month) is not { } shown)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["Give the month as yyyy-MM, e.g. 2026-10."] });

        var periods = new[] { (ThisMonth, shown), (Previous, shown.AddMonths(-1)), (LastYear, shown.AddYears(-1)) };
        List<object> parameters = [.. periods.SelectMany(p => new object[] { p.Item2, p.Item2.AddMonths(1) })];
        var filter = "true";
        if (scope.Branch is not null)
        {
            filter = "u.branch = ?";
            parameters.Add(scope.Branch);
        }

        var sql = await SourcesAsync(store, ct);
        await using var session = store.QuerySession();
        var facts = await session.AdvancedSql.QueryAsync<Fact>($"""
            with p(period, month_start, month_end) as (values ('{ThisMonth}', CAST(? as date), CAST(? as date)), ('{Previous}', CAST(? as date), CAST(? as date)), ('{LastYear}', CAST(? as date), CAST(? as date)))
            select jsonb_build_object('branch', f.branch, 'period', f.period, 'metric', f.metric, 'value', f.value) from (
              select u.branch, u.period, u.metric, sum(u.value) as value from (
                {sql}
              ) u where u.branch <> '' and {filter} group by 1, 2, 3) f
            """, ct, [.. parameters]);

        var branches = scope.Branch is { } only
            ? [only]
            : (await session.Query<ReportBranch>().Select(b => b.Code).ToListAsync(ct)).Where(c => c.Length > 0)
                .Concat(facts.Select(f => f.Branch)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Figures Of(IEnumerable<Fact> some, string period) => Figures.From(some.Where(f => f.Period == period)
            .GroupBy(f => f.Metric, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.Value), StringComparer.Ordinal));
        Row RowOf(string scopeName, string? code, IEnumerable<Fact> some) => new(scopeName, code, Of(some, ThisMonth), Of(some, Previous), Of(some, LastYear));

        var rows = branches.Select(b => RowOf("branch", b, facts.Where(f => f.Branch == b))).ToList();
        if (scope.Branch is null) rows.Add(RowOf("group", null, facts));

        var lag = ProjectionLag.Of(
            await session.Query<MonthlyCustomer>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<MonthlyLead>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportOrder>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportOpportunity>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportActivity>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportTicket>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct));
        var response = new Response(MonthCalendar.Label(shown), MonthCalendar.Label(shown.AddMonths(-1)), MonthCalendar.Label(shown.AddYears(-1)),
            ServiceReport.MinutesMeaning, rows, lag.AsOfPosition, lag.LagMs);
        return CsvReport.IsWanted(http) ? Results.Text(Csv(rows), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(response);
    }

    /// <summary>
    /// Every figure as (branch, period, metric, value) rows, one select per source, each record
    /// crossed with the three periods (<c>p</c>: the month's first day and the first day after it) and summed by the caller.
    /// </summary>
    private static async Task<string> SourcesAsync(IDocumentStore store, CancellationToken ct)
    {
        var calendar = await MonthCalendar.LoadAsync(store, ct);
        string In(string instant, string branch) => $"({calendar.Day(instant, branch)} >= p.month_start and {calendar.Day(instant, branch)} < p.month_end)";
        string Before(string instant, string branch) => $"({calendar.Day(instant, branch)} < p.month_end)";
        static string At(string alias, string field) => $"CAST({alias}.data ->> '{field}' as timestamptz)";
        static string When(string condition, string value = "1") => $"CAST(case when {condition} then {value} else 0 end as numeric)";

        var (customers, leads, orders, opportunities, activities, tickets) = (
            await SqlWhere.TableAsync<MonthlyCustomer>(store, ct), await SqlWhere.TableAsync<MonthlyLead>(store, ct),
            await SqlWhere.TableAsync<ReportOrder>(store, ct), await SqlWhere.TableAsync<ReportOpportunity>(store, ct),
            await SqlWhere.TableAsync<ReportActivity>(store, ct), await SqlWhere.TableAsync<ReportTicket>(store, ct));
        const string cb = "c.data ->> 'branch'", ob = "o.data ->> 'branch'", lb = "l.data ->> 'branch'", ab = "a.data ->> 'branch'", tb = "t.data ->> 'branch'", yb = "y.data ->> 'branch'";
        const string total = "CAST(o.data ->> 'total' as numeric)", amount = "CAST(y.data ->> 'amount' as numeric)";

        return $"""
            select c.data ->> 'registeredBranch' as branch, p.period, 'newCustomers' as metric, CAST(1 as numeric) as value
            from {customers} c cross join p
            where c.data ->> 'registered' = 'true' and {In(At("c", "registeredAt"), "c.data ->> 'registeredBranch'")}
            union all
            select {cb}, p.period, 'activeCustomers', CAST(1 as numeric)
            from {customers} c cross join p
            where c.data ->> 'registered' = 'true' and {Before(At("c", "registeredAt"), cb)}
              and coalesce((select CAST(s ->> 'active' as boolean) from jsonb_array_elements(c.data -> 'changes') s
                            where {Before("CAST(s ->> 'at' as timestamptz)", cb)}
                            order by CAST(s ->> 'at' as timestamptz) desc, CAST(s ->> 'position' as bigint) desc limit 1), false)
            union all
            select {ob}, p.period, m.metric, m.value
            from {orders} o cross join p
            cross join lateral (
              select coalesce(sum(CAST(x ->> 'amount' as numeric)) filter (where {In("CAST(x ->> 'receivedAt' as timestamptz)", ob)}), 0) as collected,
                     coalesce(sum(CAST(x ->> 'amount' as numeric)) filter (where {Before("CAST(x ->> 'receivedAt' as timestamptz)", ob)}), 0) as paid
              from jsonb_array_elements(o.data -> 'payments') x
              where not exists (select 1 from jsonb_array_elements_text(coalesce(o.data -> 'reversedPayments', '[]')) r where r = x ->> 'paymentId')) pay
            cross join lateral (
              select coalesce(o.data ->> 'counted' = 'true' and {In(At("o", "signedAt"), ob)}, false) as signed,
                     coalesce({Before(At("o", "signedAt"), ob)} and not (o.data ->> 'cancelled' = 'true' and coalesce({Before(At("o", "cancelledAt"), ob)}, true)), false) as owing,
                     coalesce({Before(At("o", "dueAt"), ob)}, false) as due,
                     greatest(0, {total} - pay.paid) as owed) k
            cross join lateral (values
              ('ordersSigned', {When("k.signed")}), ('ordersSignedAmount', {When("k.signed", total)}), ('collected', pay.collected),
              ('outstanding', {When("k.owing", "k.owed")}), ('overdue', {When("k.owing and k.due", "k.owed")})) m(metric, value)
            where o.data ->> 'isSigned' = 'true'
            union all
            select {lb}, p.period, m.metric, m.value
            from {leads} l cross join p
            cross join lateral (values
              ('leadsCreated', {When(In(At("l", "capturedAt"), lb))}), ('leadsConverted', {When(In(At("l", "convertedAt"), lb))}),
              ('leadsDisqualified', {When(In(At("l", "disqualifiedAt"), lb))})) m(metric, value)
            union all
            select {yb}, p.period, m.metric, m.value
            from {opportunities} y cross join p
            cross join lateral (
              select coalesce({In("max(CAST(s ->> 'at' as timestamptz))", yb)}, false) as closed
              from jsonb_array_elements(y.data -> 'entries') s where s ->> 'stage' = y.data ->> 'status') k
            cross join lateral (values
              ('opportunitiesWon', {When("k.closed and y.data ->> 'status' = 'won'")}), ('opportunitiesWonAmount', {When("k.closed and y.data ->> 'status' = 'won'", amount)}),
              ('opportunitiesLost', {When("k.closed and y.data ->> 'status' = 'lost'")}), ('opportunitiesLostAmount', {When("k.closed and y.data ->> 'status' = 'lost'", amount)})) m(metric, value)
            where y.data ->> 'status' in ('won', 'lost')
            union all
            select {ab}, p.period, case a.data ->> 'kind' when 'call' then 'calls' when 'visit' then 'visits' else 'meetings' end, CAST(1 as numeric)
            from {activities} a cross join p
            where a.data ->> 'status' = '{ReportActivity.Completed}' and a.data ->> 'kind' in ('call', 'visit', 'meeting') and {In(At("a", "completedAt"), ab)}
            union all
            select {tb}, p.period, m.metric, m.value
            from {tickets} t cross join p
            cross join lateral (select coalesce({In(At("t", "respondedAt"), tb)}, false) as responded, coalesce({In(At("t", "ratedAt"), tb)}, false) as rated) k
            cross join lateral (values
              ('ticketsOpened', {When(In(At("t", "openedAt"), tb))}), ('ticketsResolved', {When(In(At("t", "resolvedAt"), tb))}),
              ('firstResponseSum', {When("k.responded", "CAST(t.data ->> 'responseMinutes' as numeric)")}), ('firstResponseCount', {When("k.responded")}),
              ('satisfactionSum', {When("k.rated", "CAST(t.data ->> 'satisfactionScore' as numeric)")}), ('satisfactionCount', {When("k.rated")})) m(metric, value)
            where t.data ->> 'opened' = 'true'
            """;
    }

    /// <summary>One line per branch and the group: scope and branch, the month's figures, then the previous month's and last year's, their columns prefixed.</summary>
    private static string Csv(List<Row> rows)
    {
        static string[] Lines<T>(T row) => CsvReport.Write([row]).Split("\r\n");
        static string Prefixed(string header, string prefix) => string.Join(',', header.Split(',').Select(c => prefix + c));
        var csv = new StringBuilder();
        var (who, figures) = (Lines(new { Scope = "", Branch = "" })[0], Lines(rows.Count > 0 ? rows[0].Month : Figures.From(new Dictionary<string, decimal>()))[0]);
        csv.AppendJoin(',', who, figures, Prefixed(figures, "previousMonth."), Prefixed(figures, "sameMonthLastYear.")).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', Lines(new { row.Scope, Branch = row.Branch ?? "" })[1], Lines(row.Month)[1], Lines(row.PreviousMonth)[1], Lines(row.SameMonthLastYear)[1]).Append("\r\n");
        return csv.ToString();
    }
}
