using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>Days, months and years of the sales reports are those of each order's branch.</summary>
public class BranchTimeZoneTests(ReportingService service) : IClassFixture<ReportingService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static string Amount(JsonElement e) => e.GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Abc(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("name").GetString()}:{Amount(i.GetProperty("sales"))}"));

    private static string Months(JsonElement r) => string.Join(" ", r.GetProperty("months").EnumerateArray()
        .Where(m => m.GetProperty("sales").GetDecimal() != 0)
        .Select(m => $"{m.GetProperty("label").GetString()}:{Amount(m.GetProperty("sales"))}"));

    [Fact]
    public async Task A_sale_late_on_31_January_utc_is_a_February_sale_in_a_UTC_plus_8_branch_and_a_January_one_in_New_York()
    {
        var (perth, newYork) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        var category = $"tz-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        var (east, west) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var at = Positions(2);
        await service.BranchOpened(perth, "Australia/Perth");        // UTC+8 all year
        await service.BranchOpened(newYork, "America/New_York");    // UTC-5 in winter
        await service.Registered(at[0], east, perth, "India East", category, Utc("2024-01-01T00:00"), rep);
        await service.Registered(at[1], west, newYork, "India West", category, Utc("2024-01-01T00:00"), rep);

        await service.Signed(Guid.CreateVersion7(), perth, east, rep, 100, Utc("2026-01-31T20:00"));     // Sun 1 Feb 04:00 in Perth
        await service.Signed(Guid.CreateVersion7(), perth, east, rep, 10, Utc("2026-01-31T15:00"));      // Sat 31 Jan 23:00 in Perth
        await service.Signed(Guid.CreateVersion7(), newYork, west, rep, 1000, Utc("2026-02-01T03:00"));  // Sat 31 Jan 22:00 in New York
        await service.Signed(Guid.CreateVersion7(), newYork, west, rep, 7, Utc("2026-02-01T06:00"));     // Sun 1 Feb 01:00 in New York
        await service.Signed(Guid.CreateVersion7(), perth, east, rep, 5000, Utc("2025-01-31T20:00"));    // 1 Feb 2025 in Perth
        await service.Signed(Guid.CreateVersion7(), newYork, west, rep, 3000, Utc("2025-03-01T03:00"));  // 28 Feb 2025 in New York

        await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?category={category}"),
            r => Abc(r) == "India East:5110 India West:4007", what: "every order and both customers of the dataset");
        var perthYear = await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/customers/{east}/transactions?branch={perth}&year=2026"),
            r => Months(r) == "2026-01:10 2026-02:100", what: "Perth's sales in Perth's months");
        Assert.Equal("2026-01:1000 2026-02:7", Months(await Eventually.Get(
            () => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/customers/{west}/transactions?branch={newYork}&year=2026"),
            r => Months(r) == "2026-01:1000 2026-02:7", what: "New York's sales in New York's months")));
        Assert.Equal("2026", perthYear.GetProperty("years").EnumerateArray().Last().GetProperty("label").GetString());

        // from/to are the branch's local days; group-wide, each branch's own.
        Assert.Equal("India East:100", Abc(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={perth}&from=2026-02-01&to=2026-02-28")));
        Assert.Equal("India East:10", Abc(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={perth}&from=2026-01-31&to=2026-01-31")));
        Assert.Equal("India East:100 India West:7", Abc(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?category={category}&from=2026-02-01&to=2026-02-01")));
        Assert.Equal("India West:1000 India East:10", Abc(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?category={category}&from=2026-01-31&to=2026-01-31")));
        var mix = await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?from=2026-02-01&to=2026-02-01");
        Assert.Equal(107m, mix.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("category").GetString() == category).GetProperty("sales").GetDecimal());

        // Seasonal months too: both 2025 sales are February sales where they were made.
        static decimal Average(JsonElement r, int month) => r.GetProperty("months")[month - 1].GetProperty("average").GetDecimal();
        var seasonal = await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?years=2&customerId={east}"),
            r => r.GetProperty("yearsUsed").GetInt32() == 1, what: "Perth's 2025 sale in the seasonal index");
        Assert.Equal((0m, 5000m), (Average(seasonal, 1), Average(seasonal, 2)));
        var westSeasonal = await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?branch={newYork}&years=1&customerId={west}"),
            r => r.GetProperty("yearsUsed").GetInt32() == 1, what: "New York's 2025 sale in the seasonal index");
        Assert.Equal((3000m, 0m), (Average(westSeasonal, 2), Average(westSeasonal, 3)));
    }

    [Fact]
    public async Task The_pipeline_period_is_made_of_each_branchs_local_days()
    {
        var (perth, newYork) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        await service.BranchOpened(perth, "Australia/Perth");
        await service.BranchOpened(newYork, "America/New_York");
        // 20:00 UTC on 31 January: 1 February in Perth, still 31 January in New York.
        var at = Utc("2026-01-31T20:00");
        await service.OpportunityOpened(perth, "proposal", 100, "2026-03-31", at);
        await service.LeadCaptured(perth, at);
        await service.OpportunityOpened(newYork, "proposal", 1000, "2026-03-31", at);
        await service.LeadCaptured(newYork, at);

        static string Counts(JsonElement r) =>
            $"{r.GetProperty("stages").EnumerateArray().Sum(s => s.GetProperty("opportunities").GetInt32())}/{r.GetProperty("leads").GetProperty("open").GetInt32()}";
        var february = $"from=2026-02-01&to=2026-02-28";
        await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={perth}&{february}"), r => Counts(r) == "1/1",
            what: "Perth's opportunity and lead in Perth's February");
        await Eventually.Get(() => Exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={newYork}&from=2026-01-31&to=2026-01-31"), r => Counts(r) == "1/1",
            what: "New York's opportunity and lead on New York's 31 January");
        Assert.Equal("0/0", Counts(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={newYork}&{february}")));
        Assert.Equal("0/0", Counts(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/pipeline?branch={perth}&from=2026-01-31&to=2026-01-31")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await Exec.GetAsync($"/api/reports/pipeline?branch={perth}&from=2026-02-02&to=2026-02-01")).StatusCode);
    }
}
