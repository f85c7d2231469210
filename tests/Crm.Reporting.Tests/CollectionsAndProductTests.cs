using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>Collections, product mix and seasonal index over hand-built orders, each test in a branch of its own.</summary>
public class CollectionsAndProductTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static string N(JsonElement e, string name) => e.GetProperty(name).GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Collections(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("name").GetString()}:{i.GetProperty("orders").GetInt32()}:{N(i, "signed")}/{N(i, "collected")}/{N(i, "outstanding")}/{N(i, "overdue")}"));

    [Fact]
    public async Task Collections_compare_signed_collected_outstanding_and_overdue_by_customer_rep_and_branch()
    {
        var branch = SourceEvents.ABranch();
        var (rep1, rep2) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await service.StaffJoined(rep1, "Rita Rep", "sales-rep", branch, DateTimeOffset.UtcNow);
        await service.StaffJoined(rep2, "Sam Rep", "sales-rep", branch, DateTimeOffset.UtcNow);
        var c1 = await service.Customer(branch, "trader", "Foxtrot", rep1);
        var c2 = await service.Customer(branch, "trader", "Golf", rep2);
        var past = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var future = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // O1: Foxtrot, rep1, 1000 overdue; 300 paid, 200 paid and reversed (reversal sent first).
        var o1 = await service.Order(branch, c1, rep1, 1000, past.AddDays(-30), past);
        var bounced = Guid.CreateVersion7();
        await service.Reversed(o1, branch, bounced, 200);
        await service.Paid(o1, branch, 200, bounced);
        await service.Paid(o1, branch, 300);
        // O2: Foxtrot, rep1, 500 not yet due, paid in full.
        var o2 = await service.Order(branch, c1, rep1, 500, past, future);
        await service.Paid(o2, branch, 500);
        // O3: Golf, rep2, 200 overdue but cancelled: not counted.
        var o3 = await service.Order(branch, c2, rep2, 200, past.AddDays(-30), past);
        await service.Cancelled(o3, branch);
        // O4: Golf, signed by rep1 and handed to rep2, 400 overdue, nothing paid.
        var o4 = await service.Order(branch, c2, rep1, 400, past.AddDays(-30), past);
        await service.Reassigned(o4, branch, rep2, rep1);

        var exec = service.ClientAs("group-executive");
        var byRep = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/collections?branch={branch}&groupBy=rep"),
            r => Collections(r) == "Rita Rep:2:1500/800/700/700 Sam Rep:1:400/0/400/400", what: "every order and payment in collections");

        var byCustomer = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/collections?branch={branch}&groupBy=customer");
        Assert.Equal("Foxtrot:2:1500/800/700/700 Golf:1:400/0/400/400", Collections(byCustomer));
        var byBranch = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/collections?branch={branch}&groupBy=branch");
        Assert.Equal($"{branch}:3:1900/800/1100/1100", Collections(byBranch));
        Assert.Equal("1900", N(byBranch.GetProperty("total"), "signed"));
        Assert.True(byRep.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(byRep.GetProperty("lagMs").GetInt64() >= 0);

        var own = await service.ClientAs("sales-rep", branch, rep2).GetFromJsonAsync<JsonElement>("/api/reports/collections?groupBy=rep");
        Assert.Equal("Sam Rep:1:400/0/400/400", Collections(own));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await exec.GetAsync("/api/reports/collections?groupBy=product")).StatusCode);

        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/collections?branch={branch}&groupBy=branch");
        csv.Headers.Accept.ParseAdd("text/csv");
        var lines = (await (await exec.SendAsync(csv)).Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["key,name,orders,signed,collected,outstanding,overdue", $"{branch},{branch},3,1900,800,1100,1100"], lines);
    }

    [Fact]
    public async Task Product_mix_ranks_products_by_sales_with_the_cumulative_share()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var customer = await service.Customer(branch, "trader", "Hotel", rep);
        var (p1, p2, p3) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var day = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        // P1 500 (2 × 100 + 3 × 100), P2 300, P3 200; P3's 900 on a cancelled order does not count.
        await service.Order(branch, customer, rep, [new OrderEvents.Line(p1, "P1", 2, 100), new OrderEvents.Line(p2, "P2", 3, 100)], day);
        await service.Order(branch, customer, rep, [new OrderEvents.Line(p1, "P1", 3, 100), new OrderEvents.Line(p3, "P3", 4, 50, "tools")], day);
        var cancelled = await service.Order(branch, customer, rep, [new OrderEvents.Line(p3, "P3", 18, 50, "tools")], day);
        await service.Cancelled(cancelled, branch);

        var exec = service.ClientAs("group-executive");
        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/product-mix?branch={branch}"),
            r => r.GetProperty("total").GetDecimal() == 1000 && r.GetProperty("items").GetArrayLength() == 3, what: "both counted orders in product mix");
        Assert.Equal(
            ["1:P1:5:500:0.5:0.5", "2:P2:3:300:0.3:0.8", "3:P3:4:200:0.2:1"],
            report.GetProperty("items").EnumerateArray().Select(i =>
                $"{i.GetProperty("rank").GetInt32()}:{i.GetProperty("code").GetString()}:{N(i, "quantity")}:{N(i, "sales")}:{N(i, "share")}:{N(i, "cumulativeShare")}"));
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);
        var tools = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/product-mix?branch={branch}&category=tools");
        Assert.Equal("P3:1", string.Join(" ", tools.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("code").GetString()}:{N(i, "cumulativeShare")}")));
        Assert.Empty((await service.ClientAs("sales-rep", branch, Guid.CreateVersion7()).GetFromJsonAsync<JsonElement>("/api/reports/product-mix")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_seasonal_index_averages_each_month_over_the_years_in_the_branch_time_zone()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var (c1, c2) = (await service.Customer(branch, "trader", "India", rep), await service.Customer(branch, "trader", "Juliet", rep));
        var (p, q) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var last = DateTime.UtcNow.Year - 1;
        DateTimeOffset Utc(int year, int month, int day, int hour = 4) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
        Task Sale(Guid customer, Guid product, decimal amount, DateTimeOffset at) =>
            service.Order(branch, customer, rep, [new OrderEvents.Line(product, product == p ? "P" : "Q", 1, amount)], at);

        // The window is the 3 full years before this one; the first with sales is last - 1, so 2 years count.
        await Sale(c1, p, 100, Utc(last - 1, 1, 15));
        await Sale(c1, p, 200, Utc(last - 1, 12, 10));
        await Sale(c1, p, 300, Utc(last - 1, 12, 31, 17));   // 01:00 on 1 January in Asia/Shanghai: January of last year
        await Sale(c1, p, 400, Utc(last, 6, 15));
        await Sale(c2, q, 100, Utc(last, 3, 3));             // another customer and product
        await Sale(c1, p, 5000, Utc(last + 1, 3, 1));         // this year: outside the window

        // Per customer India (or product P): January (100 + 300) / 2 = 200, June 400 / 2 = 200, December 200 / 2 = 100;
        // the average month is 500 / 12, so the indices are 480, 480 and 240; shares 0.4, 0.4, 0.2.
        const string expected = "1:200:480:0.4:4800 6:200:480:0.4:4800 12:100:240:0.2:2400";
        var exec = service.ClientAs("group-executive");
        var all = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?branch={branch}&annualTarget=12000"),
            r => Months(r, all: true).Contains("3:50:") && Months(r).StartsWith("1:200:", StringComparison.Ordinal) && Months(r).Contains("12:100:"),
            what: "every sale in the seasonal index");
        Assert.Equal(expected, Months(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?branch={branch}&customerId={c1}&annualTarget=12000")));
        Assert.Equal(expected, Months(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?branch={branch}&productId={p}&annualTarget=12000")));
        // All sales: March adds 100 / 2 = 50, so the average month is 550 / 12.
        Assert.Equal("1:200:436.36:0.3636:4363.64 3:50:109.09:0.0909:1090.91 6:200:436.36:0.3636:4363.64 12:100:218.18:0.1818:2181.82", Months(all));
        Assert.Equal(12, all.GetProperty("months").GetArrayLength());
        Assert.Equal(2, all.GetProperty("yearsUsed").GetInt32());
        Assert.True(all.GetProperty("lagMs").GetInt64() >= 0);
        // One year: only last year's sales (January 300, March 100, June 400).
        var one = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/seasonal-index?branch={branch}&years=1");
        Assert.Equal("1:300:450:0.375: 3:100:150:0.125: 6:400:600:0.5:", Months(one));
    }

    private static string Months(JsonElement r, bool all = false) => string.Join(" ", r.GetProperty("months").EnumerateArray()
        .Where(m => all || m.GetProperty("average").GetDecimal() != 0)
        .Select(m => $"{m.GetProperty("month").GetInt32()}:{N(m, "average")}:{Maybe(m, "index")}:{Maybe(m, "share")}:{Maybe(m, "target")}"));

    private static string Maybe(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? "" : N(e, name);
}

/// <summary>One customer's monthly and yearly sales against the company's, on hand-built orders in a branch of its own.</summary>
public class CustomerTransactionsTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static string N(JsonElement e, string name) => e.GetProperty(name).GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Periods(JsonElement r, string part) => string.Join(" ", r.GetProperty(part).EnumerateArray()
        .Where(p => p.GetProperty("companySales").GetDecimal() != 0)
        .Select(p => $"{p.GetProperty("label").GetString()}:{N(p, "sales")}/{N(p, "companySales")}:{N(p, "share")}:{p.GetProperty("meetsRequired").ToString()}"));

    [Fact]
    public async Task A_customer_s_monthly_and_yearly_sales_and_share_of_the_company_total()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var (kilo, lima) = (await service.Customer(branch, "trader", "Kilo", rep), await service.Customer(branch, "trader", "Lima", rep));
        var exec = service.ClientAs("group-executive");
        // Until reporting knows the customer the report answers 404; wait for both customers first.
        await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}"),
            r => r.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("customers").GetInt32() == 2), what: "both customers known");
        DateTimeOffset Utc(int month, int day, int hour = 4) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);
        await service.Order(branch, kilo, rep, 100, Utc(2, 10));
        await service.Order(branch, lima, rep, 300, Utc(2, 11));
        await service.Order(branch, kilo, rep, 200, Utc(3, 31, 20));    // 04:00 on 1 April in Asia/Shanghai
        await service.Order(branch, kilo, rep, 50, new DateTimeOffset(2024, 7, 1, 4, 0, 0, TimeSpan.Zero));
        var cancelled = await service.Order(branch, kilo, rep, 999, Utc(2, 12));
        await service.Cancelled(cancelled, branch);

        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/customers/{kilo}/transactions?branch={branch}&year=2025&requiredShare=0.3"),
            r => Periods(r, "years") == "2024:50/50:1:True 2025:300/600:0.5:True", what: "every order in the customer's transactions");

        Assert.Equal("Kilo", report.GetProperty("name").GetString());
        Assert.Equal("2025-02:100/400:0.25:False 2025-04:200/200:1:True", Periods(report, "months"));
        Assert.Equal(12, report.GetProperty("months").GetArrayLength());
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "elsewhere").GetAsync($"/api/reports/customers/{kilo}/transactions")).StatusCode);

        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/customers/{kilo}/transactions?branch={branch}&year=2025");
        csv.Headers.Accept.ParseAdd("text/csv");
        var lines = (await (await exec.SendAsync(csv)).Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("label,sales,companySales,share,meetsRequired", lines[0]);
        Assert.Equal("2024,50,50,1,", lines[1]);
        Assert.Equal(2 + 12 + 1, lines.Length);
    }
}
