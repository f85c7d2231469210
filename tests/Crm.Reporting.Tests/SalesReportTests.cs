using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>Customer mix sales and the ABC classification over a hand-built set of orders, each in a branch of its own.</summary>
public class SalesReportTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static readonly DateTimeOffset Signed = new(2026, 10, 5, 3, 0, 0, TimeSpan.Zero);

    private async Task WaitForCategory(string branch, string category, int customers) =>
        await Eventually.Get(() => service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}"),
            r => r.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("category").GetString() == category && i.GetProperty("customers").GetInt32() == customers),
            what: $"{customers} customers in {category}");

    private static string Abc(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("name").GetString()}:{i.GetProperty("sales").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}:{i.GetProperty("share").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}:{i.GetProperty("cumulativeShare").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}:{i.GetProperty("class").GetString()}"));

    private static string Classes(JsonElement r) => string.Join(" ", new[] { "A", "B", "C" }.Select(c =>
        $"{c}={r.GetProperty("classes").GetProperty(c).GetProperty("customers").GetInt32()}/{r.GetProperty("classes").GetProperty(c).GetProperty("sales").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}"));

    [Fact]
    public async Task Abc_ranks_customers_by_sales_and_classes_them_by_the_cumulative_share_before_them()
    {
        var branch = SourceEvents.ABranch();
        var category = $"trader-{Guid.NewGuid():N}";
        var (rep1, rep2) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var c1 = await service.Customer(branch, category, "Alpha", rep1);
        var c2 = await service.Customer(branch, category, "Bravo", rep1);
        var c3 = await service.Customer(branch, category, "Charlie", rep2);
        var c4 = await service.Customer(branch, category, "Delta", rep2);
        await WaitForCategory(branch, category, 4);

        // Alpha 400 + 200 = 600, Bravo 250, Charlie 100, Delta 50; Delta's cancelled 1000 does not count.
        await service.Order(branch, c1, rep1, 400, Signed);
        await service.Order(branch, c1, rep1, 200, Signed);
        await service.Order(branch, c2, rep1, 250, Signed);
        await service.Order(branch, c3, rep2, 100, Signed);
        await service.Order(branch, c4, rep2, 50, Signed);
        var cancelled = await service.Order(branch, c4, rep2, 1000, Signed);
        await service.Cancelled(cancelled, branch);

        // The cancelled order is recorded signed first: wait for its cancellation too, not only for the totals.
        var store = service.Factory.Services.GetRequiredService<Marten.IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Crm.Reporting.Orders.ReportOrder>(cancelled);
        }, o => o is { IsSigned: true, Cancelled: true }, what: "the cancelled order recorded signed and cancelled");
        var exec = service.ClientAs("group-executive");
        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={category}"),
            r => r.GetProperty("items").GetArrayLength() == 4 && r.GetProperty("items")[0].GetProperty("sales").GetDecimal() == 600
                 && r.GetProperty("items")[3].GetProperty("sales").GetDecimal() == 50,
            what: "every order of the dataset in the ABC report");

        // Cumulative share before each: 0 and 0.6 (under 0.75: A), 0.85 (under 0.95: B), 0.95 (C).
        Assert.Equal("Alpha:600:0.6:0.6:A Bravo:250:0.25:0.85:A Charlie:100:0.1:0.95:B Delta:50:0.05:1:C", Abc(report));
        Assert.Equal("A=2/850 B=1/100 C=1/50", Classes(report));
        Assert.True(report.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);

        // Thresholds are parameters: with a = 0.5 and b = 0.4, only Alpha is A; Bravo (0.6 before) and Charlie (0.85) are B.
        var custom = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={category}&a=0.5&b=0.4");
        Assert.Equal("A=1/600 B=2/350 C=1/50", Classes(custom));

        // A rep sees only the orders they own: rep2's Charlie 100 and Delta 50 (0.6667 before Delta is still under 0.75).
        var own = await service.ClientAs("sales-rep", branch, rep2).GetFromJsonAsync<JsonElement>($"/api/reports/abc?category={category}");
        Assert.Equal("Charlie:100:0.6667:0.6667:A Delta:50:0.3333:1:A", Abc(own));

        // Customer mix: the category's sales and its share of the branch.
        var mix = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}");
        var row = mix.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("category").GetString() == category);
        Assert.Equal((4, 1000m, 1m), (row.GetProperty("customers").GetInt32(), row.GetProperty("sales").GetDecimal(), row.GetProperty("share").GetDecimal()));

        Assert.Empty((await service.ClientAs("branch-head", "elsewhere").GetFromJsonAsync<JsonElement>($"/api/reports/abc?category={category}")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-head", "elsewhere").GetAsync($"/api/reports/abc?branch={branch}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await exec.GetAsync($"/api/reports/abc?branch={branch}&a=0.9&b=0.2")).StatusCode);

        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/abc?branch={branch}&category={category}");
        csv.Headers.Accept.ParseAdd("text/csv");
        var text = await (await exec.SendAsync(csv)).Content.ReadAsStringAsync();
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customerId,name,sales,share,cumulativeShare,class", lines[0]);
        Assert.Equal($"{c1},Alpha,600,0.6,0.6,A", lines[1]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task A_sale_counts_for_the_category_the_customer_was_in_when_the_order_was_signed()
    {
        var branch = SourceEvents.ABranch();
        var (before, after) = ($"regional-{Guid.NewGuid():N}", $"volume-{Guid.NewGuid():N}");
        var rep = Guid.CreateVersion7();
        // Registered well before the first sale; recategorised between the two sales (business times).
        var customer = await service.Customer(branch, before, "Echo", rep, Signed.AddDays(-30));
        await WaitForCategory(branch, before, 1);
        await service.Order(branch, customer, rep, 300, Signed);
        var exec = service.ClientAs("group-executive");
        await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={before}"),
            r => r.GetProperty("items").GetArrayLength() == 1, what: "the first order under the first category");

        await service.Recategorised(customer, branch, "Echo", after, Signed.AddHours(12));
        await WaitForCategory(branch, after, 1);
        await service.Order(branch, customer, rep, 700, Signed.AddDays(1));

        var mix = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}"),
            r => r.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("sales").GetDecimal() == 700), what: "the second order in the mix");
        var rows = mix.GetProperty("items").EnumerateArray().Select(i =>
            $"{i.GetProperty("category").GetString()}:{i.GetProperty("customers").GetInt32()}:{i.GetProperty("sales").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}:{i.GetProperty("share").GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture)}");
        // The customer now counts in the new category; the first sale stays with the old one.
        Assert.Equal([$"{after}:1:700:0.7", $"{before}:0:300:0.3"], rows);
        var overall = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}");
        Assert.Equal("Echo:1000:1:1:A", Abc(overall));
    }
}
