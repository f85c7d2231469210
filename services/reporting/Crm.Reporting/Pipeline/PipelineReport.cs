using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Pipeline;

/// <summary>
/// Analysis 6 of DOMAIN.md: opportunities and amounts by stage, win rate, conversion of leads,
/// average time in each stage and the forecast by expected close month. <c>from</c>/<c>to</c> (local
/// days of each record's branch, inclusive; <see cref="BranchCalendar"/>) pick the leads captured and
/// opportunities opened in that period.
/// </summary>
public static class PipelineReport
{
    /// <summary>
    /// The opportunity events carry no probability, so the forecast weights each open stage by sales'
    /// default pipeline; a stage not in it (a custom one) is weighted 0 and still counted unweighted.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> StageProbabilities = new Dictionary<string, int>
    {
        ["prospecting"] = 10, ["qualification"] = 20, ["proposal"] = 50, ["negotiation"] = 75,
    };

    public sealed record StageRow(string Stage, int Opportunities, decimal Amount, double? AverageDaysInStage, int FinishedStays);
    public sealed record LeadCounts(int Open, int Converted, int Disqualified);
    public sealed record ForecastRow(string Month, int Opportunities, decimal Amount, decimal WeightedAmount);
    public sealed record Response(
        IReadOnlyList<StageRow> Stages, int Won, int Lost, decimal? WinRate, LeadCounts Leads, decimal? LeadConversionRate,
        IReadOnlyList<ForecastRow> Forecast, long AsOfPosition, long LagMs);
    /// <summary>CSV: one table holding every part of the report, told apart by <c>Section</c>.</summary>
    public sealed record CsvRow(string Section, string Key, int Count, decimal? Amount, decimal? Value);

    public static void MapPipelineReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/pipeline", Handle).WithName("PipelineReport");

    private static async Task<IResult> Handle(string? branch, DateOnly? from, DateOnly? to, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (from is { } f && to is { } t && f > t)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });

        await using var session = store.QuerySession();
        var (opportunityTable, leadTable) = (await SqlWhere.TableAsync<ReportOpportunity>(store, ct), await SqlWhere.TableAsync<ReportLead>(store, ct));
        var branches = await BranchCalendar.JoinAsync(store, "b", "o.data ->> 'branch'", ct);
        var where = new SqlWhere("o.data ->> 'opened' = 'true'").Scoped(scope, "o", "ownerId")
            .LocalDays(BranchCalendar.LocalTimeSql("o.data ->> 'openedAt'", "b"), from, to);
        var leadWhere = new SqlWhere("o.data ->> 'captured' = 'true'").Scoped(scope, "o", "ownerId")
            .LocalDays(BranchCalendar.LocalTimeSql("o.data ->> 'capturedAt'", "b"), from, to);

        var byStage = await session.AdvancedSql.QueryAsync<StageTotal>($"""
            select jsonb_build_object('stage', t.stage, 'opportunities', t.n, 'amount', t.amount) from (
              select o.data ->> 'stage' as stage, count(*) as n, sum(CAST(o.data ->> 'amount' as numeric)) as amount
              from {opportunityTable} o {branches}
              where {where.Sql} group by 1) t
            """, ct, where.Parameters);
        var byStatus = await session.AdvancedSql.QueryAsync<StatusCount>($"""
            select jsonb_build_object('status', t.status, 'leads', t.n) from (
              select o.data ->> 'status' as status, count(*) as n
              from {leadTable} o {branches}
              where {leadWhere.Sql} group by 1) t
            """, ct, leadWhere.Parameters);
        var stays = await session.AdvancedSql.QueryAsync<StayTotal>($"""
            select jsonb_build_object('stage', t.stage, 'days', t.days, 'stays', t.stays) from (
              select s ->> 'stage' as stage, avg(CAST(s ->> 'days' as double precision)) as days, count(*) as stays
              from {opportunityTable} o {branches} cross join lateral jsonb_array_elements(o.data -> 'stays') s
              where {where.Sql} group by 1) t
            """, ct, where.Parameters);
        var forecast = await session.AdvancedSql.QueryAsync<ForecastTotal>($"""
            select jsonb_build_object('month', t.month, 'stage', t.stage, 'opportunities', t.n, 'amount', t.amount) from (
              select o.data ->> 'expectedCloseMonth' as month, o.data ->> 'stage' as stage, count(*) as n, sum(CAST(o.data ->> 'amount' as numeric)) as amount
              from {opportunityTable} o {branches}
              where {where.Sql} and o.data ->> 'status' = 'open' group by 1, 2) t
            """, ct, where.Parameters);

        var report = Build(byStage, byStatus, stays, forecast,
            ProjectionLag.Of(
                await session.Query<ReportOpportunity>().OrderByDescending(o => o.SourcePosition).FirstOrDefaultAsync(ct),
                await session.Query<ReportLead>().OrderByDescending(l => l.SourcePosition).FirstOrDefaultAsync(ct)));
        return CsvReport.Respond(http, report, CsvRows(report));
    }

    private static Response Build(IReadOnlyList<StageTotal> byStage, IReadOnlyList<StatusCount> byStatus, IReadOnlyList<StayTotal> stays,
        IReadOnlyList<ForecastTotal> forecast, ProjectionLag lag)
    {
        int Count(string stage) => byStage.Where(s => s.Stage == stage).Sum(s => s.Opportunities);
        int Leads(string status) => byStatus.Where(s => s.Status == status).Sum(s => s.Leads);
        var stages = byStage.Select(s => s.Stage).Union(stays.Select(s => s.Stage))
            .OrderBy(StageOrder).ThenBy(s => s, StringComparer.Ordinal)
            .Select(stage =>
            {
                var total = byStage.FirstOrDefault(s => s.Stage == stage);
                var stay = stays.FirstOrDefault(s => s.Stage == stage);
                return new StageRow(stage, total?.Opportunities ?? 0, total?.Amount ?? 0, stay is null ? null : Math.Round(stay.Days, 2), stay?.Stays ?? 0);
            })
            .ToList();
        var (won, lost) = (Count(ReportOpportunity.Won), Count(ReportOpportunity.Lost));
        var leads = new LeadCounts(Leads(ReportLead.Open), Leads(ReportLead.Converted), Leads(ReportLead.Disqualified));
        // Lead conversion: converted / every lead captured in the period (converted + disqualified +
        // still open), so leads nobody has worked yet count against it as they do for the managers.
        var allLeads = leads.Open + leads.Converted + leads.Disqualified;
        var months = forecast.GroupBy(f => f.Month).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ForecastRow(g.Key, g.Sum(f => f.Opportunities), g.Sum(f => f.Amount),
                Math.Round(g.Sum(f => f.Amount * StageProbabilities.GetValueOrDefault(f.Stage) / 100m), 2)))
            .ToList();
        return new Response(stages, won, lost, Rate(won, won + lost), leads, Rate(leads.Converted, allLeads), months, lag.AsOfPosition, lag.LagMs);
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);

    private static int StageOrder(string stage) => stage switch
    {
        ReportOpportunity.Won => 1000,
        ReportOpportunity.Lost => 1001,
        _ => StageProbabilities.TryGetValue(stage, out var p) ? p : 999,
    };

    private static IEnumerable<CsvRow> CsvRows(Response r) =>
        r.Stages.Select(s => new CsvRow("stage", s.Stage, s.Opportunities, s.Amount, s.AverageDaysInStage is { } d ? (decimal)d : null))
            .Append(new CsvRow("win-rate", "", r.Won + r.Lost, null, r.WinRate))
            .Append(new CsvRow("lead-conversion", "", r.Leads.Open + r.Leads.Converted + r.Leads.Disqualified, null, r.LeadConversionRate))
            .Concat(r.Forecast.Select(f => new CsvRow("forecast", f.Month, f.Opportunities, f.Amount, f.WeightedAmount)));

    public sealed record StageTotal(string Stage, int Opportunities, decimal Amount);
    public sealed record StatusCount(string Status, int Leads);
    public sealed record StayTotal(string Stage, double Days, int Stays);
    public sealed record ForecastTotal(string Month, string Stage, int Opportunities, decimal Amount);
}
