using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

public class ActivityReportTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static string Rows(JsonElement report) => string.Join(" ; ", report.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("repName").GetString()} {i.GetProperty("period").GetString()} c{i.GetProperty("calls").GetInt32()} v{i.GetProperty("visits").GetInt32()} m{i.GetProperty("meetings").GetInt32()} e{i.GetProperty("emails").GetInt32()} t{i.GetProperty("tasks").GetInt32()}"));

    [Fact]
    public async Task Completed_activities_are_counted_per_rep_per_local_day_and_monday_week()
    {
        var branch = SourceEvents.ABranch();
        var (ann, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var lead = Guid.CreateVersion7();
        // Tokyo is UTC+9 all year: the branch's days, not UTC's, decide where an activity counts.
        await service.Publish("identity.branch-opened", Guid.CreateVersion7(), branch, new { branch, name = "Tokyo", timeZone = "Asia/Tokyo", openedAt = DateTimeOffset.UtcNow });
        await service.StaffJoined(ann, "Ann Rep", "sales-rep", branch, DateTimeOffset.UtcNow.AddDays(-90));
        await service.StaffJoined(bob, "Bob Rep", "sales-rep", branch, DateTimeOffset.UtcNow.AddDays(-90));
        await service.ActivityDone(branch, "call", "lead", lead, ann, Utc("2026-11-02T14:30"));    // Mon 2 Nov 23:30 in Tokyo
        await service.ActivityDone(branch, "visit", "lead", lead, ann, Utc("2026-11-02T15:30"));   // Tue 3 Nov 00:30 in Tokyo
        await service.ActivityDone(branch, "meeting", "lead", lead, ann, Utc("2026-11-08T16:00")); // Sunday in UTC, Mon 9 Nov in Tokyo
        await service.ActivityDone(branch, "email", "lead", lead, bob, Utc("2026-11-04T01:00"));
        await service.ActivityDone(branch, "task", "lead", lead, bob, Utc("2026-11-04T02:00"));
        await service.ActivityDone(branch, "call", "lead", lead, bob, Utc("2026-10-20T02:00"));    // before the period
        await service.ActivityScheduled(branch, "call", "lead", lead, bob, Utc("2026-11-05T00:00"));  // planned, not done
        var cancelled = await service.ActivityScheduled(branch, "visit", "lead", lead, ann, Utc("2026-11-05T00:00"));
        await service.Publish("sales.activity-cancelled", cancelled, branch, new { activityId = cancelled, branch, reason = "no", cancelledAt = Utc("2026-11-05T01:00") });

        var head = service.ClientAs("branch-head", branch);
        var period = "from=2026-11-01&to=2026-11-30";
        var weekly = await Eventually.Get(() => head.GetFromJsonAsync<JsonElement>($"/api/reports/rep-activity?{period}&period=week"),
            r => Rows(r) == "Ann Rep 2026-11-02 c1 v1 m0 e0 t0 ; Bob Rep 2026-11-02 c0 v0 m0 e1 t1 ; Ann Rep 2026-11-09 c0 v0 m1 e0 t0",
            what: "the weekly counts of the dataset");
        Assert.True(weekly.GetProperty("asOfPosition").GetInt64() > 0);

        var daily = await head.GetFromJsonAsync<JsonElement>($"/api/reports/rep-activity?{period}&period=day");
        Assert.Equal("Ann Rep 2026-11-02 c1 v0 m0 e0 t0 ; Ann Rep 2026-11-03 c0 v1 m0 e0 t0 ; Bob Rep 2026-11-04 c0 v0 m0 e1 t1 ; Ann Rep 2026-11-09 c0 v0 m1 e0 t0", Rows(daily));

        var annOwn = await service.ClientAs("sales-rep", branch, ann).GetFromJsonAsync<JsonElement>($"/api/reports/rep-activity?{period}&period=week");
        Assert.Equal("Ann Rep 2026-11-02 c1 v1 m0 e0 t0 ; Ann Rep 2026-11-09 c0 v0 m1 e0 t0", Rows(annOwn));
    }

    [Fact]
    public async Task Open_leads_and_opportunities_without_a_completed_activity_in_the_window_are_overdue()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        var staleLead = await service.LeadCaptured(branch, now.AddDays(-60), rep);
        await service.ActivityDone(branch, "call", "lead", staleLead, rep, now.AddDays(-40));
        await service.ActivityScheduled(branch, "call", "lead", staleLead, rep, now.AddDays(-1));   // planned only: no follow-up
        var workedLead = await service.LeadCaptured(branch, now.AddDays(-60), rep);
        await service.ActivityDone(branch, "visit", "lead", workedLead, rep, now.AddDays(-5));
        await service.LeadCaptured(branch, now.AddDays(-3), rep);                                  // new: still in its grace
        var closedLead = await service.LeadCaptured(branch, now.AddDays(-60), rep);
        await service.Publish("sales.lead-disqualified", closedLead, branch, new { leadId = closedLead, branch, reason = "no budget", disqualifiedAt = now.AddDays(-50) });
        var staleDeal = await service.OpportunityOpened(branch, "proposal", 100, "2026-12-31", now.AddDays(-45), rep);
        var cancelled = await service.ActivityScheduled(branch, "call", "opportunity", staleDeal, rep, now.AddDays(-2));
        await service.Publish("sales.activity-cancelled", cancelled, branch, new { activityId = cancelled, branch, reason = "no", cancelledAt = now.AddDays(-1) });
        var workedDeal = await service.OpportunityOpened(branch, "proposal", 100, "2026-12-31", now.AddDays(-45), rep);
        await service.ActivityDone(branch, "meeting", "opportunity", workedDeal, rep, now.AddDays(-10));

        var head = service.ClientAs("branch-head", branch);
        string Overdue(JsonElement r) => string.Join(" ; ", r.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("id").GetGuid()} {i.GetProperty("daysWithoutFollowUp").GetInt32()}"));
        // Wait for the last events of the dataset: the worked deal's activity and the cancellation.
        await Eventually.Get(() => head.GetFromJsonAsync<JsonElement>("/api/reports/follow-up-overdue?days=7"),
            r => Overdue(r) == $"{staleDeal} 45 ; {staleLead} 40 ; {workedDeal} 10", what: "the dataset with a 7-day window");

        var month = await head.GetFromJsonAsync<JsonElement>("/api/reports/follow-up-overdue");

        Assert.Equal(30, month.GetProperty("days").GetInt32());
        Assert.Equal($"{staleDeal} 45 ; {staleLead} 40", Overdue(month));
        Assert.Empty((await service.ClientAs("sales-rep", branch, Guid.CreateVersion7()).GetFromJsonAsync<JsonElement>("/api/reports/follow-up-overdue")).GetProperty("items").EnumerateArray());
    }

    private static DateTimeOffset Utc(string time) => DateTimeOffset.Parse(time + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
