using System.Globalization;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Marten;

namespace Crm.Reporting.Activities;

/// <summary>
/// Analysis 7 of DOMAIN.md, first half: completed calls, visits, meetings, emails and tasks per rep
/// per day or week. Days are the branch's own (<see cref="BranchCalendar"/>: its time zone from
/// branch-opened, Asia/Shanghai until heard of) and weeks start on Monday; <c>from</c>/<c>to</c> are such
/// days, inclusive, the last 4 weeks to today (the branch's today) by default.
/// </summary>
public static class RepActivityReport
{
    public sealed record Item(Guid RepId, string RepName, string Branch, string Period, int Calls, int Visits, int Meetings, int Emails, int Tasks, int Total);
    public sealed record Response(string Period, DateOnly From, DateOnly To, IReadOnlyList<Item> Items, long AsOfPosition, long LagMs);

    public static void MapRepActivityReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/rep-activity", Handle).WithName("RepActivityReport");

    private static async Task<IResult> Handle(string? branch, DateOnly? from, DateOnly? to, string? period,
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        period ??= "day";
        if (period is not ("day" or "week"))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["Use day or week."] });
        if (from is { } f && to is { } t && f > t)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });
        await using var session = store.QuerySession();
        var last = to ?? await BranchCalendar.TodayAsync(session, scope.Branch, time, ct);
        var first = from ?? last.AddDays(-27);
        if (first > last)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });

        var localTime = BranchCalendar.LocalTimeSql("a.data ->> 'completedAt'", "b");
        var where = new SqlWhere($"a.data ->> 'status' = '{ReportActivity.Completed}'", "a.data ->> 'assigneeId' is not null")
            .Scoped(scope, "a", "assigneeId")
            .LocalDays(localTime, first, last);
        var (activities, staff) = (await SqlWhere.TableAsync<ReportActivity>(store, ct), await SqlWhere.TableAsync<ReportStaff>(store, ct));
        // Counted per local day of the activity's branch here; days are put in weeks by the branch calendar.
        var counts = await session.AdvancedSql.QueryAsync<KindCount>($"""
            select jsonb_build_object('repId', g.rep, 'repName', coalesce(st.data ->> 'name', ''), 'branch', g.branch, 'day', g.day, 'kind', g.kind, 'count', g.n) from (
              select CAST(a.data ->> 'assigneeId' as uuid) as rep, a.data ->> 'branch' as branch, a.data ->> 'kind' as kind,
                     CAST({localTime} as date) as day, count(*) as n
              from {activities} a
              {await BranchCalendar.JoinAsync(store, "b", "a.data ->> 'branch'", ct)}
              where {where.Sql}
              group by 1, 2, 3, 4) g
            left join {staff} st on st.id = g.rep
            """, ct, where.Parameters);

        var items = counts.GroupBy(c => (c.RepId, c.RepName, c.Branch, Period: (period == "week" ? BranchCalendar.WeekStart(c.Day) : c.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Select(g =>
            {
                int Of(string kind) => g.Where(c => c.Kind == kind).Sum(c => c.Count);
                return new Item(g.Key.RepId, g.Key.RepName, g.Key.Branch, g.Key.Period, Of("call"), Of("visit"), Of("meeting"), Of("email"), Of("task"), g.Sum(c => c.Count));
            })
            .OrderBy(i => i.Period, StringComparer.Ordinal).ThenBy(i => i.RepName, StringComparer.Ordinal).ThenBy(i => i.RepId)
            .ToList();
        var lag = ProjectionLag.Of(await session.Query<ReportActivity>().OrderByDescending(a => a.SourcePosition).FirstOrDefaultAsync(ct));
        return CsvReport.Respond(http, new Response(period, first, last, items, lag.AsOfPosition, lag.LagMs), items);
    }

    public sealed record KindCount(Guid RepId, string RepName, string Branch, DateOnly Day, string Kind, int Count);
}
