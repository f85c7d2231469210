using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>
/// Reversed payments in the monthly report, in a database of their own (the group row of
/// <see cref="MonthlyReportTests"/> sums its two branches only).
/// </summary>
public class MonthlyReversalTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 4) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private static string Number(JsonElement e) => e.GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private Task<JsonElement> Monthly(HttpClient client, string query = "") => client.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?month=2026-10{query}");

    /// <summary>
    /// A branch of its own (UTC+8). P1 1000 signed 5 September, due 30 September, paid in full 20 September (closed),
    /// that payment reversed 10 October (open again), 400 paid 25 October. P2 500 signed 1 October, due 15 December,
    /// paid in full 3 October, reversed 2 November. Each month counts the payments as they stood at its end.
    /// </summary>
    [Fact]
    public async Task A_payment_reversed_in_a_later_month_stays_collected_in_its_own_and_comes_off_in_the_month_of_the_reversal()
    {
        var c = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var customer = await service.CustomerRegisteredAt(c, Utc(2026, 8, 1));
        var p1 = await service.Order(c, customer, rep, 1000, Utc(2026, 9, 5), Utc(2026, 9, 30));
        var bounced = await service.PaidAt(p1, c, 1000, Utc(2026, 9, 20));
        await service.Reversed(p1, c, bounced, 1000, Utc(2026, 10, 10));
        await service.PaidAt(p1, c, 400, Utc(2026, 10, 25));
        var p2 = await service.Order(c, customer, rep, 500, Utc(2026, 10, 1), Utc(2026, 12, 15));
        var refunded = await service.PaidAt(p2, c, 500, Utc(2026, 10, 3));
        await service.Reversed(p2, c, refunded, 500, Utc(2026, 11, 2));
        var exec = service.ClientAs("group-executive");
        // ordersSigned:amount : collected : outstanding:overdue, per month
        static string Owed(JsonElement f) => string.Join(":", new[] { "ordersSigned", "ordersSignedAmount", "collected", "outstanding", "overdue" }.Select(p => Number(f.GetProperty(p))));
        static string Months(JsonElement r) => string.Join(" | ", r.GetProperty("rows").EnumerateArray().Single().EnumerateObject()
            .Where(p => p.Name is "month" or "previousMonth").Select(p => Owed(p.Value)));
        const string october = "1:500:-100:600:600", september = "1:1000:1000:0:0", november = "0:0:-500:1100:600";

        await Eventually.Get(() => Monthly(exec, $"&branch={c}"), r => Months(r) == $"{october} | {september}", what: "both orders and their payments");

        Assert.Equal($"{november} | {october}", Months(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?month=2026-11&branch={c}")));

        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null)).StatusCode);
        Assert.Equal($"{october} | {september}", Months(await Monthly(exec, $"&branch={c}")));
        Assert.Equal($"{november} | {october}", Months(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?month=2026-11&branch={c}")));
    }
}
