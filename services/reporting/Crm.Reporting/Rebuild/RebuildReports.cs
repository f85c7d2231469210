using System.Diagnostics;
using Crm.Reporting.Activities;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Monthly;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Pipeline;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Crm.Reporting.Tickets;
using Crm.ServiceDefaults.Security;
using Marten;
using JasperFx.Events.Projections;

namespace Crm.Reporting.Rebuild;

/// <summary>
/// Rebuilds every report from reporting's own record of the events it consumed: after a fix to a
/// report's logic, or when a report is added, the numbers cover all history again.
/// </summary>
public static class RebuildReports
{
    /// <summary>Every report projection: registered inline at start-up, and rebuilt here.</summary>
    public static IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> Projections =>
    [
        new ReportCustomerProjection(),
        new ReportLeadProjection(),
        new ReportOpportunityProjection(),
        new ReportActivityProjection(),
        new ReportStaffProjection(),
        new ReportBranchProjection(),
        new ReportOrderProjection(),
        new ReportTicketProjection(),
        new MonthlyCustomerProjection(),
        new MonthlyLeadProjection(),
    ];

    /// <summary>One projection rebuilt: the recorded events of the kinds it folds, and how fast it read them.</summary>
    public sealed record Rebuilt(string Projection, long Events, long DurationMs, double EventsPerSecond);
    /// <summary>Every projection rebuilt from the <c>StoredEvents</c> reporting recorded, in <c>DurationMs</c> in all.</summary>
    public sealed record Response(IReadOnlyList<Rebuilt> Projections, long StoredEvents, long DurationMs, DateTimeOffset RebuiltAt);

    public static void MapRebuildReports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports/rebuild", Handle).WithName("RebuildReports");
        app.MapGet("/api/reports/rebuild", (HttpContext http, RebuildJob job) =>
            Refused(http) ?? Results.Ok(job.Progress)).WithName("RebuildProgress");
    }

    private static IResult? Refused(HttpContext http) =>
        Caller.From(http.User).Role == Roles.SystemAdmin ? null : AccessProblems.Forbidden("Only system administrators rebuild reports.");

    /// <summary>
    /// Starts a rebuild (or joins the one running) and waits for it; with <c>?wait=false</c> answers 202 at
    /// once, and <c>GET</c> shows its progress. The rebuild runs on its own, not on the request: a caller
    /// that goes away, or a gateway that stops waiting, does not leave the reports half rebuilt.
    /// </summary>
    private static async Task<IResult> Handle(HttpContext http, RebuildJob job, bool? wait, CancellationToken ct)
    {
        if (Refused(http) is { } refused) return refused;
        var rebuild = job.StartOrJoin();
        if (wait == false) return Results.Accepted("/api/reports/rebuild", job.Progress);
        return Results.Ok(await rebuild.WaitAsync(ct));
    }

    /// <summary>The rebuild itself: every projection from reporting's record, then every order's attribution and the monthly report's customer rows.</summary>
    internal static async Task<Response> RunAsync(IDocumentStore store, ILoggerFactory logs, TimeProvider time, Action<string, Rebuilt?> progress, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        // Every report changes from here to the end: answers kept before or during it are out of date after it.
        await ReportCache.ChangedAsync(store, ct);
        try
        {
            return await RebuildAsync(store, logs, time, progress, total, ct);
        }
        finally
        {
            await ReportCache.ChangedAsync(store, CancellationToken.None);
        }
    }

    private static async Task<Response> RebuildAsync(IDocumentStore store, ILoggerFactory logs, TimeProvider time, Action<string, Rebuilt?> progress,
        Stopwatch total, CancellationToken ct)
    {
        var stored = await StoredEventsAsync(store, ct);
        long Of(IEnumerable<Type> kinds) => kinds.Sum(k => stored.GetValueOrDefault(k.FullName ?? k.Name));
        Rebuilt Done(string name, long events, Stopwatch clock) =>
            new(name, events, clock.ElapsedMilliseconds, Math.Round(events / Math.Max(clock.Elapsed.TotalSeconds, 0.001), 1));

        using var daemon = await store.BuildProjectionDaemonAsync(logger: logs.CreateLogger("Crm.Reporting.Rebuild"));
        var rebuilt = new List<Rebuilt>();
        foreach (var projection in Projections)
        {
            var name = projection.GetType().Name;
            progress(name, null);
            var clock = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection.GetType(), TimeSpan.FromMinutes(5), ct);
            var done = Done(name, Of(((EventFilterable)projection).IncludedEventTypes), clock);
            rebuilt.Add(done);
            progress(name, done);
        }
        // The sales analyses read each order's resolved attribution: resolved again from the rebuilt rows.
        progress(nameof(OrderAttribution), null);
        var refresh = Stopwatch.StartNew();
        await OrderAttribution.RefreshAllAsync(store, ct);
        var attribution = Done(nameof(OrderAttribution), Of(OrderAttribution.EventKinds), refresh);
        rebuilt.Add(attribution);
        progress(nameof(OrderAttribution), attribution);
        // The monthly report's customer rows, written again from the rebuilt customer documents.
        progress(nameof(CustomerStatusRows), null);
        var statuses = Stopwatch.StartNew();
        await CustomerStatusRows.RefreshAllAsync(store, ct);
        var customerRows = Done(nameof(CustomerStatusRows), Of(new MonthlyCustomerProjection().IncludedEventTypes), statuses);
        rebuilt.Add(customerRows);
        progress(nameof(CustomerStatusRows), customerRows);
        return new Response(rebuilt, stored.Values.Sum(), total.ElapsedMilliseconds, time.GetUtcNow());
    }

    /// <summary>How many events of each kind (by .NET type name) reporting has recorded.</summary>
    private static async Task<Dictionary<string, long>> StoredEventsAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var kinds = await session.AdvancedSql.QueryAsync<StoredKind>(
            $"select jsonb_build_object('kind', k.kind, 'count', k.count) from (select split_part(mt_dotnet_type, ',', 1) as kind, count(*) as count from {store.Options.Events.DatabaseSchemaName}.mt_events group by 1) k", ct);
        return kinds.ToDictionary(k => k.Kind, k => k.Count, StringComparer.Ordinal);
    }

    private sealed record StoredKind(string Kind, long Count);
}
