using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>
/// The monthly report for October 2026 over a hand-built month in two branches (Asia/Shanghai, UTC+8),
/// fed through the broker; the fixture holds only these two branches, so the group row is their sum.
/// </summary>
public class MonthlyReportTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static readonly object Gate = new();
    private static Task<(string A, string B)>? seeded;

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 4) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    // new:active customers : orders signed:amount : collected : outstanding:overdue : leads created:converted:disqualified :
    // won:amount : lost:amount : calls:visits:meetings : tickets opened:resolved : average first response : satisfaction
    private const string AOctober = "2:2:2:1500:2000:1000:1000:2:1:1:1:5000:0:0:2:1:0:1:2:60:3";
    private const string ASeptember = "1:2:2:2600:800:2100:1500:1:0:0:0:0:1:3000:0:0:1:2:1:60:";
    private const string AOctoberLastYear = "1:1:1:400:100:300:0:1:1:0:1:1000:0:0:1:0:0:0:0::";
    private const string BOctober = "1:1:1:800:200:600:0:1:0:0:0:0:1:1500:0:0:1:1:1:120:5";
    private const string Nothing = "0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0::";
    private const string GroupOctober = "3:3:3:2300:2200:1600:1000:3:1:1:1:5000:1:1500:2:1:1:2:3:80:3.67";

    private Task<(string A, string B)> Seeded()
    {
        lock (Gate) return seeded ??= SeedAsync();
    }

    /// <summary>
    /// Branch A. Customers: C1 registered in October; C2 in September, archived in October; C3 in October 2025;
    /// C4 in October, merged into C1 in October. Orders: O1 1000 signed in October, due 20 October, 300 paid
    /// (and 200 paid and reversed two days later); O2 500 signed 30 September 17:00 UTC = 1 October in the branch, paid in
    /// October; O3 2000 signed in September, due 20 September, 800 paid in September and 1200 in October;
    /// O4 700 signed and cancelled in October; O5 400 signed in October 2025, due November 2025, 100 paid; O6 600
    /// signed in September, due 12 October, cancelled 3 October (it counts in September as September closed).
    /// Leads: L1 captured and converted in October; L2 captured in September, disqualified in October; L3
    /// captured in October; L4 captured and converted in October 2025. Opportunities: 5000 won in October,
    /// 3000 lost in September, 1000 won in October 2025. Activities: 2 calls, a visit and an email in October,
    /// a meeting in September, a call in October 2025. Tickets: TK1 opened in October, first response 30,
    /// resolved, rated 4; TK2 opened in September, answered after 90 in October, resolved and rated 2 in
    /// October; TK3 opened, answered after 60 and resolved in September.
    /// Branch B, all in October: a customer; an 800 order with 200 paid, due in November; a lead; an
    /// opportunity of 1500 lost; a meeting; a ticket answered after 120, resolved and rated 5.
    /// </summary>
    private async Task<(string A, string B)> SeedAsync()
    {
        var (a, b) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        var rep = Guid.CreateVersion7();

        var c1 = await service.CustomerRegisteredAt(a, Utc(2026, 10, 5));
        var c2 = await service.CustomerRegisteredAt(a, Utc(2026, 9, 10));
        await service.CustomerArchivedAt(c2, a, Utc(2026, 10, 20));
        await service.CustomerRegisteredAt(a, Utc(2025, 10, 3));
        var c4 = await service.CustomerRegisteredAt(a, Utc(2026, 10, 12));
        await service.CustomersMergedAt(c1, c4, a, Utc(2026, 10, 25));

        var o1 = await service.Order(a, c1, rep, 1000, Utc(2026, 10, 10), Utc(2026, 10, 20));
        await service.PaidAt(o1, a, 300, Utc(2026, 10, 15));
        var bounced = await service.PaidAt(o1, a, 200, Utc(2026, 10, 16));
        await service.Reversed(o1, a, bounced, 200, Utc(2026, 10, 18));
        var o2 = await service.Order(a, c1, rep, 500, Utc(2026, 9, 30, 17), Utc(2026, 12, 1));
        await service.PaidAt(o2, a, 500, Utc(2026, 10, 2));
        var o3 = await service.Order(a, c1, rep, 2000, Utc(2026, 9, 5), Utc(2026, 9, 20));
        await service.PaidAt(o3, a, 800, Utc(2026, 9, 25));
        await service.PaidAt(o3, a, 1200, Utc(2026, 10, 5));
        var o4 = await service.Order(a, c1, rep, 700, Utc(2026, 10, 20), Utc(2026, 11, 20));
        await service.CancelledAt(o4, a, Utc(2026, 10, 22));
        var o6 = await service.Order(a, c1, rep, 600, Utc(2026, 9, 12), Utc(2026, 10, 12));
        await service.CancelledAt(o6, a, Utc(2026, 10, 3));
        var o5 = await service.Order(a, c1, rep, 400, Utc(2025, 10, 8), Utc(2025, 11, 8));
        await service.PaidAt(o5, a, 100, Utc(2025, 10, 20));

        await service.LeadConvertedAt(await service.LeadCaptured(a, Utc(2026, 10, 3)), a, Utc(2026, 10, 9));
        await service.LeadDisqualifiedAt(await service.LeadCaptured(a, Utc(2026, 9, 20)), a, Utc(2026, 10, 11));
        await service.LeadCaptured(a, Utc(2026, 10, 15));
        await service.LeadConvertedAt(await service.LeadCaptured(a, Utc(2025, 10, 5)), a, Utc(2025, 10, 25));

        await service.OpportunityWonAt(await service.OpportunityOpened(a, "proposal", 5000, "2026-10-31", Utc(2026, 9, 1)), a, 5000, Utc(2026, 10, 10));
        await service.OpportunityLostAt(await service.OpportunityOpened(a, "proposal", 3000, "2026-10-31", Utc(2026, 9, 2)), a, Utc(2026, 9, 28));
        await service.OpportunityWonAt(await service.OpportunityOpened(a, "proposal", 1000, "2025-10-31", Utc(2025, 9, 10)), a, 1000, Utc(2025, 10, 12));

        await service.ActivityDone(a, "call", "customer", c1, rep, Utc(2026, 10, 5));
        await service.ActivityDone(a, "call", "customer", c1, rep, Utc(2026, 10, 6));
        await service.ActivityDone(a, "visit", "customer", c1, rep, Utc(2026, 10, 7));
        await service.ActivityDone(a, "email", "customer", c1, rep, Utc(2026, 10, 8));
        await service.ActivityDone(a, "meeting", "customer", c1, rep, Utc(2026, 9, 15));
        await service.ActivityDone(a, "call", "customer", c1, rep, Utc(2025, 10, 10));

        var tk1 = await service.TicketOpened(a, "repair", "normal", Utc(2026, 10, 2));
        await service.TicketResponded(tk1, a, 30, true, Utc(2026, 10, 2, 5));
        await service.TicketResolved(tk1, a, 600, true, Utc(2026, 10, 3));
        await service.SatisfactionRated(tk1, a, "repair", 4, Utc(2026, 10, 4));
        var tk2 = await service.TicketOpened(a, "complaint", "high", Utc(2026, 9, 29));
        await service.TicketResponded(tk2, a, 90, false, Utc(2026, 10, 1));
        await service.TicketResolved(tk2, a, 900, false, Utc(2026, 10, 2));
        await service.SatisfactionRated(tk2, a, "complaint", 2, Utc(2026, 10, 3));
        var tk3 = await service.TicketOpened(a, "enquiry", "low", Utc(2026, 9, 10));
        await service.TicketResponded(tk3, a, 60, true, Utc(2026, 9, 10, 5));
        await service.TicketResolved(tk3, a, 1440, true, Utc(2026, 9, 11));

        var d1 = await service.CustomerRegisteredAt(b, Utc(2026, 10, 7));
        var p1 = await service.Order(b, d1, rep, 800, Utc(2026, 10, 8), Utc(2026, 11, 8));
        await service.PaidAt(p1, b, 200, Utc(2026, 10, 9));
        await service.LeadCaptured(b, Utc(2026, 10, 10));
        await service.OpportunityLostAt(await service.OpportunityOpened(b, "proposal", 1500, "2026-10-31", Utc(2026, 10, 1)), b, Utc(2026, 10, 12));
        await service.ActivityDone(b, "meeting", "customer", d1, rep, Utc(2026, 10, 13));
        var tb = await service.TicketOpened(b, "service", "normal", Utc(2026, 10, 5));
        await service.TicketResponded(tb, b, 120, false, Utc(2026, 10, 5, 6));
        await service.TicketResolved(tb, b, 240, true, Utc(2026, 10, 5, 8));
        await service.SatisfactionRated(tb, b, "service", 5, Utc(2026, 10, 6));
        return (a, b);
    }

    private static string N(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture) : "";

    private static string Figures(JsonElement f) => string.Join(":", f.EnumerateObject().Select(p => N(p.Value)));

    private static string Describe(JsonElement report) => string.Join(" ; ", report.GetProperty("rows").EnumerateArray().Select(r =>
        $"{r.GetProperty("scope").GetString()} {r.GetProperty("branch").GetString()}: {Figures(r.GetProperty("month"))} | {Figures(r.GetProperty("previousMonth"))} | {Figures(r.GetProperty("sameMonthLastYear"))}"));

    private static string Expected(string a, string b, bool group = true)
    {
        var rows = new[] { $"branch {a}: {AOctober} | {ASeptember} | {AOctoberLastYear}", $"branch {b}: {BOctober} | {Nothing} | {Nothing}" }
            .Order(StringComparer.Ordinal).ToList();
        if (group) rows.Add($"group : {GroupOctober} | {ASeptember} | {AOctoberLastYear}");
        return string.Join(" ; ", rows);
    }

    private Task<JsonElement> Monthly(HttpClient client, string query = "") => client.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?month=2026-10{query}");

    [Fact]
    public async Task A_month_per_branch_and_for_the_group_with_the_previous_month_and_last_year_survives_a_rebuild()
    {
        var (a, b) = await Seeded();
        var exec = service.ClientAs("group-executive");

        var report = await Eventually.Get(() => Monthly(exec), r => Describe(r) == Expected(a, b), what: "every event of both branches in the monthly report");

        Assert.Equal(Expected(a, b), Describe(report));
        Assert.Equal(["2026-10", "2026-09", "2025-10"], new[] { "month", "previousMonth", "sameMonthLastYear" }.Select(p => report.GetProperty(p).GetString()));
        Assert.True(report.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);

        var rebuild = await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        Assert.Equal(Expected(a, b), Describe(await Monthly(exec)));
    }

    [Fact]
    public async Task As_csv_the_month_is_one_line_per_branch_and_one_for_the_group()
    {
        var (a, b) = await Seeded();
        var exec = service.ClientAs("group-executive");
        await Eventually.Get(() => Monthly(exec), r => Describe(r) == Expected(a, b), what: "every event of both branches in the monthly report");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/monthly?month=2026-10");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await exec.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        const string figures = "newCustomers,activeCustomers,ordersSigned,ordersSignedAmount,collected,outstanding,overdue,leadsCreated,leadsConverted,leadsDisqualified,"
            + "opportunitiesWon,opportunitiesWonAmount,opportunitiesLost,opportunitiesLostAmount,calls,visits,meetings,ticketsOpened,ticketsResolved,firstResponseAvgMinutes,satisfactionAverage";
        string Prefixed(string prefix) => string.Join(',', figures.Split(',').Select(c => prefix + c));
        string Cells(string f) => f.Replace(':', ',');
        Assert.Equal($"scope,branch,{figures},{Prefixed("previousMonth.")},{Prefixed("sameMonthLastYear.")}", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains($"branch,{a},{Cells(AOctober)},{Cells(ASeptember)},{Cells(AOctoberLastYear)}", lines);
        Assert.Contains($"branch,{b},{Cells(BOctober)},{Cells(Nothing)},{Cells(Nothing)}", lines);
        Assert.Equal($"group,,{Cells(GroupOctober)},{Cells(ASeptember)},{Cells(AOctoberLastYear)}", lines[3]);
    }

    [Fact]
    public async Task A_branch_head_sees_only_their_branch_and_no_group_row_an_executive_sees_all()
    {
        var (a, b) = await Seeded();
        await Eventually.Get(() => Monthly(service.ClientAs("group-executive")), r => Describe(r) == Expected(a, b), what: "every event of both branches in the monthly report");

        Assert.Equal($"branch {a}: {AOctober} | {ASeptember} | {AOctoberLastYear}", Describe(await Monthly(service.ClientAs("branch-head", a))));
        Assert.Equal($"branch {b}: {BOctober} | {Nothing} | {Nothing}", Describe(await Monthly(service.ClientAs("group-executive"), $"&branch={b}")));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-head", a).GetAsync($"/api/reports/monthly?month=2026-10&branch={b}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("sales-rep", a, Guid.CreateVersion7()).GetAsync("/api/reports/monthly?month=2026-10")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("service-agent", a).GetAsync("/api/reports/monthly?month=2026-10")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?month=2026-13")]
    [InlineData("?month=October")]
    [InlineData("?month=2026-10-01")]
    [InlineData("?month=0001-01")]
    public async Task A_missing_or_malformed_month_is_refused_with_a_problem(string query)
    {
        var response = await service.ClientAs("group-executive").GetAsync($"/api/reports/monthly{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _));
    }
}
