using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contracts.Tickets;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

/// <summary>
/// The service report over a hand-built set of six tickets, each test in a branch of its own, fed as
/// the tickets service's events through the broker. Branches are in Asia/Shanghai (UTC+8).
/// </summary>
public class ServiceReportTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private sealed record Seeded(Guid T3, Guid T3RatingEvent, long T3RatingPosition);

    /// <summary>
    /// T1 complaint/high, September: first response 30 (in time), resolved 240 (in time), rated 2.
    /// T2 complaint/urgent, October: both targets escalated, response 90 and resolution 600 late, rated 1.
    /// T3 enquiry/normal, October: response 10, resolved 20, both in time, rated 5.
    /// T4 repair/high, October: response 50 in time, resolution escalated, not resolved.
    /// T5 complaint/normal, opened 31 October 17:00 UTC = 1 November in the branch: response 20, resolved 100, then reopened.
    /// T6 service/low, October: response 200 late, resolved 300 in time, reopened, resolved again after 400 in all, late.
    /// </summary>
    private async Task<Seeded> SeedAsync(string branch)
    {
        var t1 = await service.TicketOpened(branch, "complaint", "high", Utc(9, 10, 2));
        await service.TicketResponded(t1, branch, 30, true, Utc(9, 10, 2, 30));
        await service.TicketResolved(t1, branch, 240, true, Utc(9, 10, 6));
        await service.SatisfactionRated(t1, branch, "complaint", 2, Utc(9, 10, 7));

        var t2 = await service.TicketOpened(branch, "complaint", "urgent", Utc(10, 5, 2), responseTarget: 60, resolutionTarget: 240);
        await service.TicketEscalated(t2, branch, "response", Utc(10, 5, 3, 1));
        await service.TicketResponded(t2, branch, 90, false, Utc(10, 5, 3, 30));
        await service.TicketEscalated(t2, branch, "resolution", Utc(10, 5, 6, 1));
        await service.TicketResolved(t2, branch, 600, false, Utc(10, 5, 12));
        await service.SatisfactionRated(t2, branch, "complaint", 1, Utc(10, 5, 13));

        var t3 = await service.TicketOpened(branch, "enquiry", "normal", Utc(10, 6, 2));
        await service.TicketResponded(t3, branch, 10, true, Utc(10, 6, 2, 10));
        await service.TicketResolved(t3, branch, 20, true, Utc(10, 6, 2, 20));
        var (ratingEvent, ratingPosition) = (Guid.CreateVersion7(), 9_000_000L + Random.Shared.Next(1_000_000));
        await service.SatisfactionRated(t3, branch, "enquiry", 5, Utc(10, 6, 3), ratingEvent, ratingPosition);

        var t4 = await service.TicketOpened(branch, "repair", "high", Utc(10, 7, 2));
        await service.TicketResponded(t4, branch, 50, true, Utc(10, 7, 2, 50));
        await service.TicketEscalated(t4, branch, "resolution", Utc(10, 7, 10));

        var t5 = await service.TicketOpened(branch, "complaint", "normal", Utc(10, 31, 17));
        await service.TicketResponded(t5, branch, 20, true, Utc(10, 31, 17, 20));
        await service.TicketResolved(t5, branch, 100, true, Utc(10, 31, 18, 40));
        await service.TicketReopened(t5, branch, Utc(10, 31, 19));

        var t6 = await service.TicketOpened(branch, "service", "low", Utc(10, 8, 2));
        await service.TicketResponded(t6, branch, 200, false, Utc(10, 8, 5, 20));
        await service.TicketResponded(t6, branch, 0, false, Utc(10, 8, 6), first: false);
        await service.TicketResolved(t6, branch, 300, true, Utc(10, 8, 7));
        await service.TicketReopened(t6, branch, Utc(10, 8, 8));
        await service.TicketResolved(t6, branch, 400, false, Utc(10, 8, 9, 40));
        return new Seeded(t3, ratingEvent, ratingPosition);
    }

    // key:opened:resolved:responded:avg:p90:share (first response):avg:p90:share (resolution):escalations:satisfaction average:ratings
    private const string AllTime =
        "total:6:4:6:66.7:200:0.6667:315:600:0.5:3:2.67:3 | " +
        "complaint:3:2:3:46.7:90:0.6667:420:600:0.5:2:1.5:2 enquiry:1:1:1:10:10:1:20:20:1:0:5:1 service:1:1:1:200:200:0:400:400:0:0::0 repair:1:0:1:50:50:1::::1::0 | " +
        "low:1:1:1:200:200:0:400:400:0:0::0 normal:2:1:2:15:20:1:20:20:1:0:5:1 high:2:1:2:40:50:1:240:240:1:1:2:1 urgent:1:1:1:90:90:0:600:600:0:2:1:1 | " +
        "2026-09:1 2026-10:1 2026-11:1";

    private static string N(JsonElement e, string name) => e.GetProperty(name) is { ValueKind: JsonValueKind.Number } n
        ? n.GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)
        : "";

    private static string Line(JsonElement r) => string.Join(":", new[] { r.GetProperty("key").GetString() is { Length: > 0 } key ? key : r.GetProperty("dimension").GetString()! }.Concat(
        new[] { "opened", "resolved", "responded", "firstResponseAvgMinutes", "firstResponseP90Minutes", "respondedWithinTargetShare",
                "resolutionAvgMinutes", "resolutionP90Minutes", "resolvedWithinTargetShare", "escalations", "satisfactionAverage", "satisfactionCount" }
            .Select(name => N(r, name))));

    private static string Describe(JsonElement report) => string.Join(" | ",
        Line(report.GetProperty("total")),
        string.Join(" ", report.GetProperty("byCategory").EnumerateArray().Select(Line)),
        string.Join(" ", report.GetProperty("byPriority").EnumerateArray().Select(Line)),
        string.Join(" ", report.GetProperty("complaintsTrend").EnumerateArray().Select(m => $"{m.GetProperty("month").GetString()}:{m.GetProperty("complaints").GetInt32()}")));

    private Task<JsonElement> ReportAsync(HttpClient client, string query = "") => client.GetFromJsonAsync<JsonElement>($"/api/reports/service{query}");

    private async Task<JsonElement> SeededReportAsync(string branch)
    {
        await SeedAsync(branch);
        return await Eventually.Get(() => ReportAsync(service.ClientAs("group-executive"), $"?branch={branch}"), r => Describe(r) == AllTime,
            what: "every ticket event in the service report");
    }

    [Fact]
    public async Task Tickets_are_counted_by_category_and_priority_with_times_targets_escalations_satisfaction_and_complaints_by_month()
    {
        var branch = SourceEvents.ABranch();
        var report = await SeededReportAsync(branch);

        Assert.Equal(AllTime, Describe(report));
        Assert.StartsWith("sla-minutes", report.GetProperty("minutes").GetString(), StringComparison.Ordinal);
        Assert.True(report.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);

        // October in the branch: T2, T3, T4 and T6 opened and answered; T2, T3 and T6 resolved; T5 is November's.
        var october = await ReportAsync(service.ClientAs("group-executive"), $"?branch={branch}&from=2026-10-01&to=2026-10-31");
        Assert.Equal("total:4:3:4:87.5:200:0.5:340:600:0.3333:3:3:2", Line(october.GetProperty("total")));
        Assert.Equal("2026-10:1", string.Join(" ", october.GetProperty("complaintsTrend").EnumerateArray().Select(m => $"{m.GetProperty("month").GetString()}:{m.GetProperty("complaints").GetInt32()}")));
        // The same day in UTC would take T5 in: the branch's calendar keeps it out.
        var lastDay = await ReportAsync(service.ClientAs("group-executive"), $"?branch={branch}&from=2026-10-31&to=2026-10-31");
        Assert.Equal("total:0:0:0:::::::0::0", Line(lastDay.GetProperty("total")));
    }

    [Fact]
    public async Task The_service_report_as_csv_is_one_table_of_the_total_each_category_priority_and_complaint_month()
    {
        var branch = SourceEvents.ABranch();
        await SeededReportAsync(branch);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/service?branch={branch}");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await service.ClientAs("branch-head", branch).SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "dimension,key,opened,resolved,responded,firstResponseAvgMinutes,firstResponseP90Minutes,respondedWithinTargetShare,resolutionAvgMinutes,resolutionP90Minutes,resolvedWithinTargetShare,escalations,satisfactionAverage,satisfactionCount",
            "total,,6,4,6,66.7,200,0.6667,315,600,0.5,3,2.67,3",
            "category,complaint,3,2,3,46.7,90,0.6667,420,600,0.5,2,1.5,2",
            "category,enquiry,1,1,1,10,10,1,20,20,1,0,5,1",
            "category,service,1,1,1,200,200,0,400,400,0,0,,0",
            "category,repair,1,0,1,50,50,1,,,,1,,0",
            "priority,low,1,1,1,200,200,0,400,400,0,0,,0",
            "priority,normal,2,1,2,15,20,1,20,20,1,0,5,1",
            "priority,high,2,1,2,40,50,1,240,240,1,1,2,1",
            "priority,urgent,1,1,1,90,90,0,600,600,0,2,1,1",
            "complaints-month,2026-09,1,0,0,,,,,,,0,,0",
            "complaints-month,2026-10,1,0,0,,,,,,,0,,0",
            "complaints-month,2026-11,1,0,0,,,,,,,0,,0",
        ], lines);
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_answers_and_a_redelivered_event_changes_nothing()
    {
        var branch = SourceEvents.ABranch();
        var seeded = await SeedAsync(branch);
        var exec = service.ClientAs("group-executive");
        await Eventually.Get(() => ReportAsync(exec, $"?branch={branch}"), r => Describe(r) == AllTime, what: "every ticket event in the service report");

        await service.SatisfactionRated(seeded.T3, branch, "enquiry", 5, Utc(10, 6, 3), seeded.T3RatingEvent, seeded.T3RatingPosition);
        // A later event for another ticket of the branch, on the same queue: once it shows, the redelivery before it was handled.
        var marker = await service.TicketOpened(branch, "enquiry", "low", Utc(12, 1, 2));
        await service.SatisfactionRated(marker, branch, "enquiry", 3, Utc(12, 1, 3));
        var after = await Eventually.Get(() => ReportAsync(exec, $"?branch={branch}&to=2026-11-30"), r => Describe(r) == AllTime,
            what: "the report up to November unchanged");
        await Eventually.Get(() => ReportAsync(exec, $"?branch={branch}&from=2026-12-01"), r => r.GetProperty("total").GetProperty("satisfactionCount").GetInt32() == 1,
            what: "the later rating counted");
        await Eventually.Get(() => service.Factory.InboxCountAsync(seeded.T3RatingEvent), n => n == 1, what: "the rating recorded in the inbox once");
        await using (var session = service.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Single(await session.Events.FetchStreamAsync(seeded.T3), e => e.Data is SatisfactionRated);
        Assert.Equal(AllTime, Describe(after));

        var rebuild = await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        Assert.Equal(AllTime, Describe(await ReportAsync(exec, $"?branch={branch}&to=2026-11-30")));
        Assert.Equal(Describe(after), Describe(await ReportAsync(exec, $"?branch={branch}&to=2026-11-30")));
    }

    [Fact]
    public async Task Branch_staff_and_service_agents_see_their_own_branch_only()
    {
        var (branch, other) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        await SeededReportAsync(branch);
        await service.TicketOpened(other, "complaint", "high", Utc(10, 9, 2));
        await Eventually.Get(() => ReportAsync(service.ClientAs("group-executive"), $"?branch={other}"), r => r.GetProperty("total").GetProperty("opened").GetInt32() == 1,
            what: "the other branch's ticket");

        Assert.Equal(AllTime, Describe(await ReportAsync(service.ClientAs("branch-head", branch))));
        Assert.Equal(AllTime, Describe(await ReportAsync(service.ClientAs("service-agent", branch))));
        Assert.Equal(1, (await ReportAsync(service.ClientAs("branch-head", other))).GetProperty("total").GetProperty("opened").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-head", other).GetAsync($"/api/reports/service?branch={branch}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("service-agent", other).GetAsync($"/api/reports/service?branch={branch}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("sales-rep", branch, Guid.CreateVersion7()).GetAsync("/api/reports/service")).StatusCode);
    }

    [Fact]
    public async Task Days_and_months_are_the_branch_s_own_from_its_time_zone_in_the_service_and_monthly_reports()
    {
        var branch = SourceEvents.ABranch();
        await service.Publish("identity.branch-opened", Guid.CreateVersion7(), branch, new { branch, name = "New York", timeZone = "America/New_York", openedAt = Utc(1, 1, 0) });
        // 1 October 02:00 UTC is 30 September 22:00 in New York; 1 November 02:00 UTC is 31 October 22:00.
        await service.TicketOpened(branch, "complaint", "normal", Utc(10, 1, 2));
        await service.TicketOpened(branch, "complaint", "normal", Utc(11, 1, 2));
        var exec = service.ClientAs("group-executive");

        var report = await Eventually.Get(() => ReportAsync(exec, $"?branch={branch}"),
            r => Describe(r).EndsWith("| 2026-09:1 2026-10:1", StringComparison.Ordinal), what: "both complaints in New York's months");

        Assert.Equal(2, report.GetProperty("total").GetProperty("opened").GetInt32());
        var monthly = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?month=2026-10&branch={branch}");
        var row = Assert.Single(monthly.GetProperty("rows").EnumerateArray());
        Assert.Equal([1, 1, 0], new[] { "month", "previousMonth", "sameMonthLastYear" }.Select(p => row.GetProperty(p).GetProperty("ticketsOpened").GetInt32()));
        var october = await ReportAsync(exec, $"?branch={branch}&from=2026-10-31&to=2026-10-31");
        Assert.Equal(1, october.GetProperty("total").GetProperty("opened").GetInt32());
    }

    [Theory]
    [InlineData("?from=2026-11-01&to=2026-10-01", "from")]
    [InlineData("?from=yesterday", null)]
    public async Task A_period_that_is_not_one_is_refused_with_a_problem(string query, string? field)
    {
        var response = await service.ClientAs("group-executive").GetAsync($"/api/reports/service{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        if (field is not null)
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
