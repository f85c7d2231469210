using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

public class PipelineReportTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static readonly DateTimeOffset Day0 = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_pipeline_counts_stages_rates_stage_times_and_the_weighted_forecast()
    {
        var branch = SourceEvents.ABranch();
        // O1: prospecting 4 days, now in proposal (1000, closes December).
        var o1 = await service.OpportunityOpened(branch, "prospecting", 1000, "2026-12-15", Day0);
        await service.StageChanged(o1, branch, "prospecting", "proposal", Day0.AddDays(4));
        // O2: qualification 10 days, negotiation 3 days, won at 2500.
        var o2 = await service.OpportunityOpened(branch, "qualification", 2000, "2026-12-20", Day0);
        await service.StageChanged(o2, branch, "qualification", "negotiation", Day0.AddDays(10));
        await service.Publish("sales.opportunity-won", o2, branch, new { opportunityId = o2, branch, fromStage = "negotiation", amount = new { amount = 2500m, currency = "CNY" }, wonAt = Day0.AddDays(13) });
        // O3 and O5: lost after 6 and 2 days in prospecting.
        foreach (var (amount, days) in new[] { (500m, 6), (300m, 2) })
        {
            var lost = await service.OpportunityOpened(branch, "prospecting", amount, "2027-01-10", Day0);
            await service.Publish("sales.opportunity-lost", lost, branch, new { opportunityId = lost, branch, fromStage = "prospecting", reason = "price", lostAt = Day0.AddDays(days) });
        }
        // O4: open in negotiation (4000, closes January).
        await service.OpportunityOpened(branch, "negotiation", 4000, "2027-01-31", Day0);
        // Leads: two converted, one disqualified, one still open.
        foreach (var outcome in new[] { "converted", "converted", "disqualified", "open" })
        {
            var lead = await service.LeadCaptured(branch, Day0);
            if (outcome == "converted")
                await service.Publish("sales.lead-converted", lead, branch, new { leadId = lead, branch, customerId = Guid.CreateVersion7(), newCustomer = (object?)null, opportunityId = (Guid?)null, convertedBy = Guid.CreateVersion7(), convertedAt = Day0.AddDays(1) });
            if (outcome == "disqualified")
                await service.Publish("sales.lead-disqualified", lead, branch, new { leadId = lead, branch, reason = "no budget", disqualifiedAt = Day0.AddDays(1) });
        }

        var exec = service.ClientAs("group-executive");
        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={branch}"),
            r => r.GetProperty("lost").GetInt32() == 2 && r.GetProperty("won").GetInt32() == 1 && Stage(r, "proposal") is not null
                 && r.GetProperty("leads").GetProperty("disqualified").GetInt32() == 1 && r.GetProperty("leads").GetProperty("converted").GetInt32() == 2
                 && r.GetProperty("leads").GetProperty("open").GetInt32() == 1 && r.GetProperty("forecast").GetArrayLength() == 2
                 && Stage(r, "negotiation")?.GetProperty("finishedStays").GetInt32() == 1 && Stage(r, "prospecting")?.GetProperty("finishedStays").GetInt32() == 3,
            what: "every event of the dataset in the pipeline");

        string Row(string stage) => Stage(report, stage) is { } s
            ? $"{s.GetProperty("opportunities").GetInt32()}|{s.GetProperty("amount").GetDecimal()}|{(s.GetProperty("averageDaysInStage").ValueKind == JsonValueKind.Null ? "-" : s.GetProperty("averageDaysInStage").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture))}"
            : "none";
        Assert.Equal("0|0|4", Row("prospecting"));      // (4 + 6 + 2) / 3 days
        Assert.Equal("0|0|10", Row("qualification"));
        Assert.Equal("1|1000|-", Row("proposal"));       // O1 is still there: no finished stay
        Assert.Equal("1|4000|3", Row("negotiation"));    // O2's 3 days; O4 is still there
        Assert.Equal("1|2500|-", Row("won"));
        Assert.Equal("2|800|-", Row("lost"));
        Assert.Equal(0.3333m, report.GetProperty("winRate").GetDecimal());           // 1 / (1 + 2)
        Assert.Equal(0.5m, report.GetProperty("leadConversionRate").GetDecimal());   // 2 / (2 + 1 + 1)
        var forecast = report.GetProperty("forecast").EnumerateArray()
            .Select(f => $"{f.GetProperty("month").GetString()}|{f.GetProperty("opportunities").GetInt32()}|{f.GetProperty("amount").GetDecimal()}|{f.GetProperty("weightedAmount").GetDecimal()}");
        Assert.Equal(["2026-12|1|1000|500", "2027-01|1|4000|3000"], forecast);  // proposal 50%, negotiation 75%
        Assert.True(report.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);

        var otherBranch = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={SourceEvents.ABranch()}");
        Assert.Equal(0, otherBranch.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task A_rep_sees_the_pipeline_of_their_own_opportunities_only()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        await service.OpportunityOpened(branch, "proposal", 700, "2026-12-01", Day0, ownerId: rep);
        await service.OpportunityOpened(branch, "proposal", 900, "2026-12-01", Day0, ownerId: Guid.CreateVersion7());
        var head = service.ClientAs("branch-head", branch);
        await Eventually.Get(() => head.GetFromJsonAsync<JsonElement>("/api/reports/pipeline"), r => Stage(r, "proposal")?.GetProperty("opportunities").GetInt32() == 2, what: "both deals for the head");

        var mine = await service.ClientAs("sales-rep", branch, rep).GetFromJsonAsync<JsonElement>("/api/reports/pipeline");

        Assert.Equal(700m, Stage(mine, "proposal")!.Value.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task The_pipeline_comes_as_csv_when_asked()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/pipeline?branch={SourceEvents.ABranch()}");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await service.ClientAs("group-executive").SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("section,key,count,amount,value", lines[0]);
        Assert.Equal("win-rate,,0,,", lines[1]);
    }

    private static JsonElement? Stage(JsonElement report, string stage) =>
        report.GetProperty("stages").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(s => s!.Value.GetProperty("stage").GetString() == stage);
}
