using System.Text;
using Crm.Reporting.Activities;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Pipeline;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Crm.Reporting.Tickets;
using Marten;

namespace Crm.Reporting.Monthly;

/// <summary>
/// Analysis 10 of DOMAIN.md: a month's summary per branch, and for the group when the caller sees
/// more than one branch, next to the previous month and the same month a year before. Each figure
/// counts by its own business time in the branch's calendar (<see cref="BranchCalendar"/>): customers
/// registered and still active at the month's end, orders signed in the month and not cancelled by its
/// end (a later cancellation leaves the month as it closed), payments received in the month less those reversed in it, what was owed and overdue at the month's end (a payment
/// counts as paid from its receipt until its reversal, so a later reversal leaves the month as it closed), leads captured, converted and disqualified,
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
        if (BranchCalendar.ParseMonth(month) is not { Year: >= 1900 and <= 9998 } shown)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["Give the month as yyyy-MM, e.g. 2026-10."] });

        var periods = new[] { (ThisMonth, shown), (Previous, shown.AddMonths(-1)), (LastYear, shown.AddYears(-1)) };
        // Two days before the earliest period begins in UTC covers its first day in any time zone.
        var since = new DateTimeOffset(shown.AddYears(-1).AddDays(-2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        object[] parameters = [.. periods.SelectMany(p => new object[] { p.Item2, p.Item2.AddMonths(1) }), since, scope.Branch ?? ""];

        var sql = await SourcesAsync(store, ct);
        await using var session = store.QuerySession();
        var facts = await session.AdvancedSql.QueryAsync<Fact>($"""
            with recursive p(period, month_start, month_end) as (values ('{ThisMonth}', CAST(? as date), CAST(? as date)), ('{Previous}', CAST(? as date), CAST(? as date)), ('{LastYear}', CAST(? as date), CAST(? as date))),
            w as (select CAST(? as timestamptz) as since, CAST(? as text) as branch),
            {sql}
            """, ct, parameters);

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
        var response = new Response(BranchCalendar.Label(shown), BranchCalendar.Label(shown.AddMonths(-1)), BranchCalendar.Label(shown.AddYears(-1)),
            ServiceReport.MinutesMeaning, rows, lag.AsOfPosition, lag.LagMs);
        return CsvReport.IsWanted(http) ? Results.Text(Csv(rows), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(response);
    }

    /// <summary>
    /// Every figure as (branch, period, metric, value) rows, one select per source, summed per branch, period and metric.
    /// <para>Customers and orders, the large sources, are read from narrow indexed rows
    /// (<see cref="CustomerStatusRows"/>, <see cref="OrderAttribution"/>) per branch and period: each period's
    /// first day and the first day after it become instants in the branch's time zone (<c>pb.lo</c>, <c>pb.hi</c>),
    /// so a month's registrations, signings and payments are index ranges, the customers active at its end an
    /// index-only count, and what was owed at its end the sum of the owed changes of the days before it.
    /// The branches are those opened and those the rows name (read by skipping through the branch indexes).</para>
    /// <para>Leads, opportunities, activities and tickets are put on their branch's calendar per record
    /// (<c>d</c>, in the calendar <c>z</c>; <c>offset 0</c> keeps PostgreSQL from working the days out again per
    /// period), skipping those wholly before the earliest period (<c>w.since</c>).</para>
    /// Only the branch asked for is read (<c>w.branch</c>, empty for every branch in scope).
    /// </summary>
    private static async Task<string> SourcesAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        await CustomerStatusRows.EnsureAsync(store, ct);
        var (status, sales, payments, owed) = (AttributionTables.Qualified(store, CustomerStatusRows.Table),
            AttributionTables.Qualified(store, AttributionTables.Table), AttributionTables.Qualified(store, AttributionTables.PaymentsTable),
            AttributionSums.Summed(store, AttributionTables.OwedTable));
        static string Zone(string branchSql) =>
            $"left join bz on bz.code = {branchSql} cross join lateral (select coalesce(bz.tz, '{ReportBranch.DefaultTimeZone}') as tz offset 0) z";
        static string Days(params (string Name, string Instant)[] days) =>
            $"cross join lateral (select {string.Join(", ", days.Select(d => $"{BranchCalendar.DaySql(d.Instant, "z.tz")} as {d.Name}"))} offset 0) d";
        static string At(string alias, string field) => $"CAST({alias}.data ->> '{field}' as timestamptz)";
        static string In(string day) => $"({day} >= p.month_start and {day} < p.month_end)";
        static (string Value, string Condition) Count(string condition) => ("1", condition);
        static (string Value, string Condition) Sum(string value, string condition) => (value, condition);
        static string Since(string alias, params string[] fields) => $"greatest({string.Join(", ", fields.Select(f => At(alias, f)))}) >= w.since";
        // Works out each metric's value per record and period (r: narrow rows, kept apart by offset 0 so the
        // documents are not carried into the grouping), sums them per branch and period, then gives one row per metric.
        static string Grouped(string branch, string from, string where, params (string Metric, (string Value, string Condition) Of)[] metrics) => $"""
            select g.branch, g.period, m.metric, m.value from (
              select r.branch, r.period, {string.Join(", ", metrics.Select((m, i) => $"coalesce(sum(r.m{i}), 0) as m{i}"))}
              from (
                select {branch} as branch, p.period, {string.Join(", ", metrics.Select((m, i) => $"CAST(case when {m.Of.Condition} then {m.Of.Value} end as numeric) as m{i}"))}
                {from}
                cross join w
                where {where} and (w.branch = '' or {branch} = w.branch)
                offset 0) r
              group by 1, 2) g
            cross join lateral (values {string.Join(", ", metrics.Select((m, i) => $"('{m.Metric}', g.m{i})"))}) m(metric, value)
            """;
        // Per branch and period, a lateral select of named figures, given as one row per metric.
        static string PerPeriod(string select, params string[] metrics) => $"""
            select pb.code as branch, pb.period, m.metric, m.value from pb
            cross join lateral ({select}) x
            cross join lateral (values {string.Join(", ", metrics.Select(m => $"('{m}', CAST(x.{m} as numeric))"))}) m(metric, value)
            """;

        var (leads, opportunities, activities, tickets) = (
            await SqlWhere.TableAsync<MonthlyLead>(store, ct), await SqlWhere.TableAsync<ReportOpportunity>(store, ct),
            await SqlWhere.TableAsync<ReportActivity>(store, ct), await SqlWhere.TableAsync<ReportTicket>(store, ct));
        const string amount = "CAST(y.data ->> 'amount' as numeric)";
        const string won = "y.data ->> 'status' = 'won'", lost = "y.data ->> 'status' = 'lost'";

        var sources = new[]
        {
            PerPeriod($"select count(*) as newCustomers from {status} s where s.registered_branch = pb.code and s.branch = pb.code and s.registered_at >= pb.lo and s.registered_at < pb.hi",
                "newCustomers"),
            // Active at the month's end: the last status change before it left the customer active.
            PerPeriod($"select {CustomerStatusRows.ActiveAt(status, "pb.code", "pb.hi")} as activeCustomers", "activeCustomers"),
            // Signed in the month and not cancelled by its end: a later cancellation leaves the month as it closed.
            PerPeriod($"""
                select count(*) as ordersSigned, coalesce(sum(o.total), 0) as ordersSignedAmount from {sales} o
                where o.is_signed and o.branch = pb.code and o.signed_at >= pb.lo and o.signed_at < pb.hi
                  and (o.cancelled_at is null or o.cancelled_at >= pb.hi)
                """, "ordersSigned", "ordersSignedAmount"),
            // Collected: received in the month, less what was reversed in it (a payment reversed in a later month stays
            // in the month it came in, and comes off in the month of its reversal).
            PerPeriod($"""
                select (select coalesce(sum(y.amount), 0) from {payments} y where y.branch = pb.code and y.received_at >= pb.lo and y.received_at < pb.hi)
                     - (select coalesce(sum(y.amount), 0) from {payments} y where y.branch = pb.code and y.reversed_at >= pb.lo and y.reversed_at < pb.hi) as collected
                """, "collected"),
            // Owed at the month's end: signed before it, not cancelled or paid in full before it, less what was paid
            // before it; overdue: of that, what was due before it. The changes of every day before the month's end
            // (AttributionTables.OwedTable), a few hundred rows per branch and year, summed.
            PerPeriod($"""
                select coalesce(sum(l.outstanding), 0) as outstanding, coalesce(sum(l.overdue), 0) as overdue from {owed} l
                where l.branch = pb.code and l.local_day < (select p.month_end from p where p.period = pb.period)
                """, "outstanding", "overdue"),
            Grouped("l.data ->> 'branch'",
                $"from {leads} l {Zone("l.data ->> 'branch'")} {Days(("captured", At("l", "capturedAt")), ("converted", At("l", "convertedAt")), ("disqualified", At("l", "disqualifiedAt")))} cross join p",
                Since("l", "capturedAt", "convertedAt", "disqualifiedAt"),
                ("leadsCreated", Count(In("d.captured"))), ("leadsConverted", Count(In("d.converted"))), ("leadsDisqualified", Count(In("d.disqualified")))),
            Grouped("y.data ->> 'branch'",
                $"""
                from {opportunities} y {Zone("y.data ->> 'branch'")}
                cross join lateral (
                  select {BranchCalendar.DaySql("max(CAST(s ->> 'at' as timestamptz))", "z.tz")} as closed
                  from jsonb_array_elements(y.data -> 'entries') s where s ->> 'stage' = y.data ->> 'status' offset 0) d
                cross join p
                """,
                "y.data ->> 'status' in ('won', 'lost')",
                ("opportunitiesWon", Count($"{won} and {In("d.closed")}")), ("opportunitiesWonAmount", Sum(amount, $"{won} and {In("d.closed")}")),
                ("opportunitiesLost", Count($"{lost} and {In("d.closed")}")), ("opportunitiesLostAmount", Sum(amount, $"{lost} and {In("d.closed")}"))),
            Grouped("a.data ->> 'branch'",
                $"from {activities} a {Zone("a.data ->> 'branch'")} {Days(("completed", At("a", "completedAt")))} cross join p",
                $"a.data ->> 'status' = '{ReportActivity.Completed}' and {Since("a", "completedAt")}",
                ("calls", Count($"a.data ->> 'kind' = 'call' and {In("d.completed")}")),
                ("visits", Count($"a.data ->> 'kind' = 'visit' and {In("d.completed")}")),
                ("meetings", Count($"a.data ->> 'kind' = 'meeting' and {In("d.completed")}"))),
            Grouped("t.data ->> 'branch'",
                $"from {tickets} t {Zone("t.data ->> 'branch'")} {Days(("opened", At("t", "openedAt")), ("responded", At("t", "respondedAt")), ("resolved", At("t", "resolvedAt")), ("rated", At("t", "ratedAt")))} cross join p",
                $"t.data ->> 'opened' = 'true' and {Since("t", "openedAt", "respondedAt", "resolvedAt", "ratedAt")}",
                ("ticketsOpened", Count(In("d.opened"))), ("ticketsResolved", Count(In("d.resolved"))),
                ("firstResponseSum", Sum("CAST(t.data ->> 'responseMinutes' as numeric)", In("d.responded"))), ("firstResponseCount", Count(In("d.responded"))),
                ("satisfactionSum", Sum("CAST(t.data ->> 'satisfactionScore' as numeric)", In("d.rated"))), ("satisfactionCount", Count(In("d.rated")))),
        };

        // Distinct values of an indexed column, skipping through its index rather than reading every row.
        static string Skip(string name, string table, string column, string where = "true") => $"""
            {name}(code) as (
              select min({column}) from {table} where {where}
              union all
              select (select min({column}) from {table} where {where} and {column} > {name}.code) from {name} where {name}.code is not null)
            """;
        var branches = await SqlWhere.TableAsync<ReportBranch>(store, ct);
        var calendar = $"""
            bz as (select distinct on (b.data ->> 'code') b.data ->> 'code' as code, b.data ->> 'timeZone' as tz
                   from {branches} b order by b.data ->> 'code', CAST(b.data ->> 'sourcePosition' as bigint) desc),
            {Skip("cb", status, "branch")},
            {Skip("rb", status, "registered_branch")},
            {Skip("ob", sales, "branch", "is_signed")},
            codes as (select code from bz union select code from cb union select code from rb union select code from ob),
            pb as (
              select c.code, p.period,
                     (CAST(p.month_start as timestamp) at time zone coalesce(bz.tz, '{ReportBranch.DefaultTimeZone}')) as lo,
                     (CAST(p.month_end as timestamp) at time zone coalesce(bz.tz, '{ReportBranch.DefaultTimeZone}')) as hi
              from codes c left join bz on bz.code = c.code cross join p cross join w
              where c.code is not null and c.code <> '' and (w.branch = '' or c.code = w.branch))
            """;
        return $"""
            {calendar}
            select jsonb_build_object('branch', f.branch, 'period', f.period, 'metric', f.metric, 'value', f.value) from (
              select u.branch, u.period, u.metric, sum(u.value) as value from (
                {string.Join("\nunion all\n", sources)}
              ) u where u.branch <> '' group by 1, 2, 3) f
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
