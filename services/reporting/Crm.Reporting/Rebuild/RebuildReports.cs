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

    public static void MapRebuildReports(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/reports/rebuild", Handle).WithName("RebuildReports");

    private static async Task<IResult> Handle(HttpContext http, IDocumentStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.SystemAdmin)
            return AccessProblems.Forbidden("Only system administrators rebuild reports.");

        var events = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventCount;
        using var daemon = await store.BuildProjectionDaemonAsync(logger: logs.CreateLogger("Crm.Reporting.Rebuild"));
        var rebuilt = new List<Rebuilt>();
        foreach (var projection in Projections.Select(p => p.GetType()))
        {
            var clock = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(5), ct);
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            rebuilt.Add(new Rebuilt(projection.Name, events, clock.ElapsedMilliseconds, Math.Round(events / seconds, 1)));
        }
        // The sales analyses read each order's resolved attribution: resolved again from the rebuilt rows.
        var refresh = Stopwatch.StartNew();
        await OrderAttribution.RefreshAllAsync(store, ct);
        var refreshSeconds = Math.Max(refresh.Elapsed.TotalSeconds, 0.001);
        rebuilt.Add(new Rebuilt(nameof(OrderAttribution), events, refresh.ElapsedMilliseconds, Math.Round(events / refreshSeconds, 1)));
        return Results.Ok(new Response(rebuilt, time.GetUtcNow()));
    }
}
