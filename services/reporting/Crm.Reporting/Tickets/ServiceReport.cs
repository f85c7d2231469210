using Crm.Reporting.Monthly;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Tickets;

/// <summary>
/// Analysis 9 of DOMAIN.md: tickets by category and by priority, with first-response and resolution
/// times (average and 90th percentile), the share of each within its target, escalations and
/// satisfaction, and the complaints trend by month. Every figure counts by its own business time in
/// the branch's calendar (<see cref="BranchCalendar"/>): opened by <c>openedAt</c>, first responses by
/// <c>respondedAt</c>, resolutions by <c>resolvedAt</c>, escalations by <c>escalatedAt</c>, ratings by
/// <c>ratedAt</c>; <c>from</c>/<c>to</c> are such local days, inclusive, all time when left out.
/// Times are the tickets service's SLA minutes; the 90th percentile is the nearest-rank one (the
/// smallest time at least 90% of the tickets were within).
/// </summary>
public static class ServiceReport
{
    public const string MinutesMeaning = "sla-minutes: calendar minutes with the time spent waiting on the customer left out, as the tickets service counts them";
    public static readonly IReadOnlyList<string> Categories = ["complaint", "enquiry", "service", "repair"];
    public static readonly IReadOnlyList<string> Priorities = ["low", "normal", "high", "urgent"];

    /// <summary>One line of the report: the total, one category or one priority (<c>Dimension</c> total, category, priority).</summary>
    public sealed record Row(
        string Dimension, string Key, int Opened, int Resolved,
        int Responded, decimal? FirstResponseAvgMinutes, int? FirstResponseP90Minutes, decimal? RespondedWithinTargetShare,
        decimal? ResolutionAvgMinutes, int? ResolutionP90Minutes, decimal? ResolvedWithinTargetShare,
        int Escalations, decimal? SatisfactionAverage, int SatisfactionCount);
    public sealed record TrendMonth(string Month, int Complaints);
    public sealed record Response(
        DateOnly? From, DateOnly? To, string Minutes, Row Total, IReadOnlyList<Row> ByCategory, IReadOnlyList<Row> ByPriority,
        IReadOnlyList<TrendMonth> ComplaintsTrend, long AsOfPosition, long LagMs);

    public static void MapServiceReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/service", Handle).WithName("ServiceReport");

    private static async Task<IResult> Handle(string? branch, DateOnly? from, DateOnly? to, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ServiceReportAccess.TryScope(http, branch, out var scope, out var refusal)) return refusal;
        if (from is { } f && to is { } t && f > t)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });

        var branches = await SqlWhere.TableAsync<Crm.Reporting.Staff.ReportBranch>(store, ct);
        var tickets = await SqlWhere.TableAsync<ReportTicket>(store, ct);
        static string Within(string field) => $"(x.data ->> '{field}' is not null and {BranchCalendar.DaySql($"CAST(x.data ->> '{field}' as timestamptz)", "z.tz")} between r.f and r.t)";
        var where = new SqlWhere("x.data ->> 'opened' = 'true'").Scoped(scope, "x", "ownerId");
        object[] parameters = [from ?? DateOnly.MinValue, to ?? DateOnly.MaxValue, .. where.Parameters];

        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<Totals>($"""
            with r as (select CAST(? as date) as f, CAST(? as date) as t),
            k as (
              select x.data ->> 'category' as category, x.data ->> 'priority' as priority,
                     {Within("openedAt")} as opened_in, {Within("respondedAt")} as responded_in, {Within("resolvedAt")} as resolved_in,
                     {Within("ratedAt")} as rated_in, {Within("responseEscalatedAt")} as response_escalated_in, {Within("resolutionEscalatedAt")} as resolution_escalated_in,
                     CAST(x.data ->> 'responseMinutes' as int) as response_minutes, x.data ->> 'respondedWithinTarget' = 'true' as response_within,
                     CAST(x.data ->> 'resolutionMinutes' as int) as resolution_minutes, x.data ->> 'resolvedWithinTarget' = 'true' as resolution_within,
                     CAST(x.data ->> 'satisfactionScore' as int) as score,
                     {BranchCalendar.MonthSql("CAST(x.data ->> 'openedAt' as timestamptz)", "z.tz")} as opened_month
              from {tickets} x cross join r cross join lateral (select {BranchCalendar.ZoneSql(branches, "x.data ->> 'branch'")} as tz) z
              where {where.Sql})
            select jsonb_build_object('byCategory', g.gc = 0, 'byPriority', g.gp = 0, 'category', g.category, 'priority', g.priority,
                   'opened', g.opened, 'resolved', g.resolved, 'responded', g.responded, 'responseAvg', g.response_avg, 'responseP90', g.response_p90,
                   'respondedWithin', g.responded_within, 'resolutionAvg', g.resolution_avg, 'resolutionP90', g.resolution_p90, 'resolvedWithin', g.resolved_within,
                   'escalations', g.escalations, 'satisfactionSum', g.score_sum, 'satisfactionCount', g.rated,
                   'complaints', case when g.gc = 1 and g.gp = 1 then (
                     select coalesce(jsonb_agg(jsonb_build_object('month', c.month, 'complaints', c.n)), '[]') from (
                       select k.opened_month as month, count(*) as n from k where k.category = 'complaint' and k.opened_in group by 1) c) end) from (
              select grouping(k.category) as gc, grouping(k.priority) as gp, k.category, k.priority,
                     count(*) filter (where k.opened_in) as opened,
                     count(*) filter (where k.resolved_in) as resolved,
                     count(*) filter (where k.responded_in) as responded,
                     avg(k.response_minutes) filter (where k.responded_in) as response_avg,
                     percentile_disc(0.9) within group (order by k.response_minutes) filter (where k.responded_in) as response_p90,
                     count(*) filter (where k.responded_in and k.response_within) as responded_within,
                     avg(k.resolution_minutes) filter (where k.resolved_in) as resolution_avg,
                     percentile_disc(0.9) within group (order by k.resolution_minutes) filter (where k.resolved_in) as resolution_p90,
                     count(*) filter (where k.resolved_in and k.resolution_within) as resolved_within,
                     count(*) filter (where k.response_escalated_in) + count(*) filter (where k.resolution_escalated_in) as escalations,
                     coalesce(sum(k.score) filter (where k.rated_in), 0) as score_sum,
                     count(*) filter (where k.rated_in) as rated
              from k group by grouping sets ((k.category), (k.priority), ())) g
            """, ct, parameters);

        // One statement, so the trend and the totals are read from the same snapshot.
        var totals = rows.FirstOrDefault(r => !r.ByCategory && !r.ByPriority);
        var total = ToRow("total", "", totals);
        var byCategory = Lines("category", Categories, rows.Where(r => r.ByCategory).ToDictionary(r => r.Category ?? "", StringComparer.Ordinal));
        var byPriority = Lines("priority", Priorities, rows.Where(r => r.ByPriority).ToDictionary(r => r.Priority ?? "", StringComparer.Ordinal));
        var months = TrendMonths(from, to, totals?.Complaints ?? []);

        var lag = ProjectionLag.Of(await session.Query<ReportTicket>().OrderByDescending(x => x.SourcePosition).FirstOrDefaultAsync(ct));
        var response = new Response(from, to, MinutesMeaning, total, byCategory, byPriority, months, lag.AsOfPosition, lag.LagMs);
        // CSV: one table, the total first, then each category, each priority and each month's complaints (dimension complaints-month).
        var csv = new[] { total }.Concat(byCategory).Concat(byPriority)
            .Concat(months.Select(m => new Row("complaints-month", m.Month, m.Complaints, 0, 0, null, null, null, null, null, null, 0, null, 0)));
        return CsvReport.Respond(http, response, csv);
    }

    /// <summary>The known values always (zero when nothing happened), then any other value found, in order.</summary>
    private static List<Row> Lines(string dimension, IReadOnlyList<string> known, Dictionary<string, Totals> found) =>
        [.. known.Concat(found.Keys.Except(known, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .Select(key => ToRow(dimension, key, found.GetValueOrDefault(key)))];

    private static Row ToRow(string dimension, string key, Totals? t) => t is null
        ? new Row(dimension, key, 0, 0, 0, null, null, null, null, null, null, 0, null, 0)
        : new Row(dimension, key, t.Opened, t.Resolved,
            t.Responded, Round(t.ResponseAvg), t.ResponseP90, Share(t.RespondedWithin, t.Responded),
            Round(t.ResolutionAvg), t.ResolutionP90, Share(t.ResolvedWithin, t.Resolved),
            t.Escalations, t.SatisfactionCount == 0 ? null : Plain(Math.Round((decimal)t.SatisfactionSum / t.SatisfactionCount, 2)), t.SatisfactionCount);

    private static decimal? Round(decimal? minutes) => minutes is { } m ? Plain(Math.Round(m, 1)) : null;

    private static decimal? Share(int part, int whole) => whole == 0 ? null : Plain(Math.Round((decimal)part / whole, 4));

    /// <summary>The number without trailing zeros (315, not 315.0), as JSON and CSV show it.</summary>
    public static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>Every month of the range (or from the first to the last month with complaints), none left out for having none.</summary>
    private static List<TrendMonth> TrendMonths(DateOnly? from, DateOnly? to, IReadOnlyList<TrendMonth> counted)
    {
        var byMonth = counted.ToDictionary(m => m.Month, m => m.Complaints, StringComparer.Ordinal);
        var first = from is { } f ? new DateOnly(f.Year, f.Month, 1) : counted.Select(m => BranchCalendar.ParseMonth(m.Month)).Min();
        var last = to is { } t ? new DateOnly(t.Year, t.Month, 1) : counted.Select(m => BranchCalendar.ParseMonth(m.Month)).Max();
        (first, last) = (first ?? last, last ?? first);
        if (first is null || last is null) return [];
        var months = new List<TrendMonth>();
        for (var m = first.Value; m <= last.Value && months.Count < 1200; m = m.AddMonths(1))
            months.Add(new TrendMonth(BranchCalendar.Label(m), byMonth.GetValueOrDefault(BranchCalendar.Label(m))));
        return months;
    }

    public sealed record Totals(
        bool ByCategory, bool ByPriority, string? Category, string? Priority, int Opened, int Resolved,
        int Responded, decimal? ResponseAvg, int? ResponseP90, int RespondedWithin,
        decimal? ResolutionAvg, int? ResolutionP90, int ResolvedWithin, int Escalations, long SatisfactionSum, int SatisfactionCount,
        IReadOnlyList<TrendMonth>? Complaints);
}
