using System.Diagnostics;
using Crm.Reporting.Activities;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Monthly;
using Crm.Reporting.Orders;
using Crm.Reporting.Pipeline;
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

    public sealed record Rebuilt(string Projection, long Events, long DurationMs, double EventsPerSecond);
    public sealed record Response(IReadOnlyList<Rebuilt> Projections, DateTimeOffset RebuiltAt);

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

    /// <summary>The rebuild itself: every projection from reporting's record, then every order's attribution.</summary>
    internal static async Task<Response> RunAsync(IDocumentStore store, ILoggerFactory logs, TimeProvider time, Action<string, Rebuilt?> progress, CancellationToken ct)
    {
        var events = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventCount;
        using var daemon = await store.BuildProjectionDaemonAsync(logger: logs.CreateLogger("Crm.Reporting.Rebuild"));
        var rebuilt = new List<Rebuilt>();
        foreach (var projection in Projections.Select(p => p.GetType()))
        {
            progress(projection.Name, null);
            var clock = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(5), ct);
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            var done = new Rebuilt(projection.Name, events, clock.ElapsedMilliseconds, Math.Round(events / seconds, 1));
            rebuilt.Add(done);
            progress(projection.Name, done);
        }
        // The sales analyses read each order's resolved attribution: resolved again from the rebuilt rows.
        progress(nameof(OrderAttribution), null);
        var refresh = Stopwatch.StartNew();
        await OrderAttribution.RefreshAllAsync(store, ct);
        var refreshSeconds = Math.Max(refresh.Elapsed.TotalSeconds, 0.001);
        var attribution = new Rebuilt(nameof(OrderAttribution), events, refresh.ElapsedMilliseconds, Math.Round(events / refreshSeconds, 1));
        rebuilt.Add(attribution);
        progress(nameof(OrderAttribution), attribution);
        return new Response(rebuilt, time.GetUtcNow());
    }
}
