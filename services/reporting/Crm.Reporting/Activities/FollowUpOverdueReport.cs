using Crm.Reporting.Pipeline;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Activities;

/// <summary>
/// Analysis 7 of DOMAIN.md, second half: open leads and opportunities with no completed activity in
/// the last <c>days</c> (30 by default). As in sales' follow-up rule, a record gets the same grace
/// from when it was opened, so one captured this morning is not overdue yet.
/// </summary>
public static class FollowUpOverdueReport
{
    public sealed record Item(string Type, Guid Id, string Name, string Branch, Guid? OwnerId, DateTimeOffset OpenedAt, DateTimeOffset? LastActivityAt, int DaysWithoutFollowUp);
    public sealed record Response(int Days, DateTimeOffset AsOf, IReadOnlyList<Item> Items, long AsOfPosition, long LagMs);

    public static void MapFollowUpOverdueReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/follow-up-overdue", Handle).WithName("FollowUpOverdueReport");

    private static async Task<IResult> Handle(string? branch, int? days, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        var window = days ?? 30;
        if (window is < 1 or > 3650)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["Give a number of days from 1 to 3650."] });
        var now = time.GetUtcNow();
        var cutoff = now.AddDays(-window);

        await using var session = store.QuerySession();
        var activities = await SqlWhere.TableAsync<ReportActivity>(store, ct);
        var items = new List<Item>();
        foreach (var (type, table, name, openedAt) in new[]
        {
            ("lead", await SqlWhere.TableAsync<ReportLead>(store, ct), "company", "capturedAt"),
            ("opportunity", await SqlWhere.TableAsync<ReportOpportunity>(store, ct), "name", "openedAt"),
        })
        {
            var where = new SqlWhere("r.data ->> 'status' = 'open'", $"r.data ->> '{(type == "lead" ? "captured" : "opened")}' = 'true'")
                .Scoped(scope, "r", "ownerId")
                .Add($"greatest(f.last_activity, CAST(r.data ->> '{openedAt}' as timestamptz)) < ?", cutoff);
            var rows = await session.AdvancedSql.QueryAsync<OverdueRow>($"""
                select jsonb_build_object('id', r.id, 'name', r.data ->> '{name}', 'branch', r.data ->> 'branch', 'ownerId', r.data -> 'ownerId',
                                          'openedAt', r.data ->> '{openedAt}', 'lastActivityAt', f.last_activity)
                from {table} r
                left join lateral (
                  select max(CAST(a.data ->> 'completedAt' as timestamptz)) as last_activity from {activities} a
                  where CAST(a.data ->> 'regardingId' as uuid) = r.id and a.data ->> 'status' = '{ReportActivity.Completed}') f on true
                where {where.Sql}
                """, ct, where.Parameters);
            items.AddRange(rows.Select(r =>
            {
                var since = r.LastActivityAt is { } last && last > r.OpenedAt ? last : r.OpenedAt;
                return new Item(type, r.Id, r.Name, r.Branch, r.OwnerId, r.OpenedAt, r.LastActivityAt, (int)(now - since).TotalDays);
            }));
        }
        items = [.. items.OrderByDescending(i => i.DaysWithoutFollowUp).ThenBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Id)];

        var lag = ProjectionLag.Of(
            await session.Query<ReportActivity>().OrderByDescending(a => a.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportLead>().OrderByDescending(l => l.SourcePosition).FirstOrDefaultAsync(ct),
            await session.Query<ReportOpportunity>().OrderByDescending(o => o.SourcePosition).FirstOrDefaultAsync(ct));
        return CsvReport.Respond(http, new Response(window, now, items, lag.AsOfPosition, lag.LagMs), items);
    }

    public sealed record OverdueRow(Guid Id, string Name, string Branch, Guid? OwnerId, DateTimeOffset OpenedAt, DateTimeOffset? LastActivityAt);
}
