using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Staff;

/// <summary>
/// DOMAIN.md: management wants to see who has not signed in for two consecutive weeks. Staff who
/// joined and have not left, with no sign-in in the last <c>days</c> (14 by default); a newcomer
/// counts from joining. A management report: reps may not read it.
/// </summary>
public static class InactiveStaffReport
{
    public sealed record Item(Guid StaffId, string Username, string Name, string Role, string? Branch, DateTimeOffset JoinedAt, DateTimeOffset? LastSignInAt, int DaysWithoutSignIn);
    public sealed record Response(int Days, DateTimeOffset AsOf, IReadOnlyList<Item> Items, long AsOfPosition, long LagMs);

    public static void MapInactiveStaffReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/inactive-staff", Handle).WithName("InactiveStaffReport");

    private static async Task<IResult> Handle(string? branch, int? days, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: false, out var scope, out var refusal)) return refusal;
        var window = days ?? 14;
        if (window is < 1 or > 3650)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["Give a number of days from 1 to 3650."] });
        var now = time.GetUtcNow();
        var cutoff = now.AddDays(-window);

        await using var session = store.QuerySession();
        var staff = session.Query<ReportStaff>().Where(s => s.Joined && !s.Left && s.LastSeenAt < cutoff);
        if (scope.Branch is not null) staff = staff.Where(s => s.Branch == scope.Branch);
        var rows = await staff.OrderBy(s => s.LastSeenAt).ThenBy(s => s.Username).ToListAsync(ct);
        var items = rows
            .Select(s => new Item(s.Id, s.Username, s.Name, s.Role, s.Branch, s.JoinedAt, s.LastSignInAt, (int)(now - (s.LastSeenAt ?? s.JoinedAt)).TotalDays))
            .ToList();

        var lag = ProjectionLag.Of(await session.Query<ReportStaff>().OrderByDescending(s => s.SourcePosition).FirstOrDefaultAsync(ct));
        return CsvReport.Respond(http, new Response(window, now, items, lag.AsOfPosition, lag.LagMs), items);
    }
}
