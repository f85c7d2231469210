using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>
/// The ABC and collections reports paged as API.md lists are (limit, cursor, nextCursor), over hand-built
/// orders, each test in a branch of its own: what sums up the whole ranking stays over all of it.
/// </summary>
public class ReportPagingTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static readonly DateTimeOffset Signed = new(2026, 10, 5, 3, 0, 0, TimeSpan.Zero);

    private static string N(JsonElement e, string name) => e.GetProperty(name).GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Abc(IEnumerable<JsonElement> items) => string.Join(" ", items.Select(i =>
        $"{i.GetProperty("name").GetString()}:{N(i, "sales")}:{N(i, "share")}:{N(i, "cumulativeShare")}:{i.GetProperty("class").GetString()}"));

    private static string Classes(JsonElement r) => string.Join(" ", new[] { "A", "B", "C" }.Select(c =>
        $"{c}={r.GetProperty("classes").GetProperty(c).GetProperty("customers").GetInt32()}/{N(r.GetProperty("classes").GetProperty(c), "sales")}"));

    private static string Collections(IEnumerable<JsonElement> items) => string.Join(" ", items.Select(i =>
        $"{i.GetProperty("name").GetString()}:{i.GetProperty("orders").GetInt32()}:{N(i, "signed")}/{N(i, "collected")}/{N(i, "outstanding")}/{N(i, "overdue")}"));

    private static string Total(JsonElement r) =>
        $"{r.GetProperty("total").GetProperty("orders").GetInt32()}:{N(r.GetProperty("total"), "signed")}/{N(r.GetProperty("total"), "collected")}/{N(r.GetProperty("total"), "outstanding")}/{N(r.GetProperty("total"), "overdue")}";

    /// <summary>Every page of a report from the first, following nextCursor until it is null.</summary>
    private static async Task<List<JsonElement>> Pages(HttpClient client, string url)
    {
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
            pages.Add(page);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(pages.Count < 100, "nextCursor never ends");
        }
        while (cursor is not null);
        return pages;
    }

    private static async Task<string[]> Csv(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<Guid> CustomerWithSales(string branch, string category, string name, Guid rep, decimal sales)
    {
        var customer = await service.Customer(branch, category, name, rep);
        await service.Order(branch, customer, rep, sales, Signed);
        return customer;
    }

    [Fact]
    public async Task Abc_pages_give_the_one_page_ranking_with_shares_and_classes_over_every_customer()
    {
        var branch = SourceEvents.ABranch();
        var category = $"trader-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        // 1000 in all. Delta and charlie tie on 100: names in ordinal order put upper case first.
        var alpha = await CustomerWithSales(branch, category, "Alpha", rep, 500);
        var bravo = await CustomerWithSales(branch, category, "Bravo", rep, 200);
        await CustomerWithSales(branch, category, "charlie", rep, 100);
        await CustomerWithSales(branch, category, "Delta", rep, 100);
        await CustomerWithSales(branch, category, "Echo", rep, 60);
        await CustomerWithSales(branch, category, "Foxtrot", rep, 40);
        var exec = service.ClientAs("group-executive");
        var url = $"/api/reports/abc?branch={branch}&category={category}";
        var whole = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"{url}&limit=500"),
            r => r.GetProperty("items").GetArrayLength() == 6 && r.GetProperty("items").EnumerateArray().All(i => i.GetProperty("name").GetString() != ""),
            what: "six named customers with sales");

        // Share before each: 0, 0.5, 0.7 (A: under 0.75), 0.8, 0.9 (B: under 0.95), 0.96 (C).
        const string ranking = "Alpha:500:0.5:0.5:A Bravo:200:0.2:0.7:A Delta:100:0.1:0.8:A charlie:100:0.1:0.9:B Echo:60:0.06:0.96:B Foxtrot:40:0.04:1:C";
        const string classes = "A=3/800 B=2/160 C=1/40";
        Assert.Equal(ranking, Abc(whole.GetProperty("items").EnumerateArray()));
        Assert.Equal(classes, Classes(whole));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);

        // Pages of 2 end exactly on the last customer: the third has no next cursor.
        var pairs = await Pages(exec, $"{url}&limit=2");
        Assert.Equal([2, 2, 2], pairs.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(ranking, Abc(pairs.SelectMany(p => p.GetProperty("items").EnumerateArray())));
        Assert.All(pairs, p => Assert.Equal(classes, Classes(p)));
        var fours = await Pages(exec, $"{url}&limit=4");
        Assert.Equal([4, 2], fours.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(ranking, Abc(fours.SelectMany(p => p.GetProperty("items").EnumerateArray())));
        // Pages of 3 split the tie of Delta and charlie.
        var threes = await Pages(exec, $"{url}&limit=3");
        Assert.Equal([3, 3], threes.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(ranking, Abc(threes.SelectMany(p => p.GetProperty("items").EnumerateArray())));

        // CSV: the page when limit or cursor is given, every customer otherwise.
        Assert.Equal(["customerId,name,sales,share,cumulativeShare,class", $"{alpha},Alpha,500,0.5,0.5,A", $"{bravo},Bravo,200,0.2,0.7,A"],
            await Csv(exec, $"{url}&limit=2"));
        Assert.Equal(3, (await Csv(exec, $"{url}&limit=2&cursor={Uri.EscapeDataString(pairs[0].GetProperty("nextCursor").GetString()!)}")).Length);
        var all = await Csv(exec, url);
        Assert.Equal(7, all.Length);
        Assert.EndsWith(",Foxtrot,40,0.04,1,C", all[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abc_rounds_shares_half_to_even_and_keeps_an_empty_class()
    {
        var branch = SourceEvents.ABranch();
        var category = $"trader-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        // 800 in all: 0.99875 and 0.00125 round half to even to 0.9988 and 0.0012; Small has 0.99875 before it (C).
        await CustomerWithSales(branch, category, "Big", rep, 799);
        await CustomerWithSales(branch, category, "Small", rep, 1);
        var exec = service.ClientAs("group-executive");
        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={category}&limit=1"),
            r => Classes(r) == "A=1/799 B=0/0 C=1/1", what: "both customers' sales");
        Assert.Equal("Big:799:0.9988:0.9988:A", Abc(report.GetProperty("items").EnumerateArray()));
        var last = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={category}&limit=1&cursor={Uri.EscapeDataString(report.GetProperty("nextCursor").GetString()!)}");
        Assert.Equal("Small:1:0.0012:1:C", Abc(last.GetProperty("items").EnumerateArray()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Abc_without_any_sales_gives_every_customer_a_share_of_0_and_class_A()
    {
        var branch = SourceEvents.ABranch();
        var category = $"trader-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        await CustomerWithSales(branch, category, "Free One", rep, 0);
        await CustomerWithSales(branch, category, "Free Two", rep, 0);
        var exec = service.ClientAs("group-executive");
        var report = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/abc?branch={branch}&category={category}"),
            r => r.GetProperty("items").GetArrayLength() == 2, what: "both orders of nothing");
        Assert.Equal("Free One:0:0:0:A Free Two:0:0:0:A", Abc(report.GetProperty("items").EnumerateArray()));
        Assert.Equal("A=2/0 B=0/0 C=0/0", Classes(report));
    }

    [Fact]
    public async Task A_csv_export_of_abc_without_limit_has_every_customer_past_the_default_page()
    {
        var branch = SourceEvents.ABranch();
        var category = $"trader-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        // Customer 01 to 55 with 10 to 550: the default page of 50 stops at Customer 06 (60).
        for (var i = 1; i <= 55; i++) await CustomerWithSales(branch, category, $"Customer {i:D2}", rep, i * 10);
        var exec = service.ClientAs("group-executive");
        var url = $"/api/reports/abc?branch={branch}&category={category}";
        var first = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>(url),
            r => r.GetProperty("classes").EnumerateObject().Sum(c => c.Value.GetProperty("customers").GetInt32()) == 55
                 && r.GetProperty("items").EnumerateArray().All(i => i.GetProperty("name").GetString() != ""),
            within: TimeSpan.FromSeconds(60), what: "55 named customers with sales");
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.Equal("Customer 06", first.GetProperty("items")[49].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("nextCursor").ValueKind);

        var csv = await Csv(exec, url);
        Assert.Equal(56, csv.Length);
        Assert.Equal(Enumerable.Range(1, 55).Reverse().Select(i => $"Customer {i:D2},{i * 10}"), csv.Skip(1).Select(l => string.Join(',', l.Split(',')[1..3])));
        Assert.Equal(51, (await Csv(exec, $"{url}&limit=50")).Length);
    }

    [Fact]
    public async Task Collections_by_customer_page_by_outstanding_with_the_total_over_every_customer()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var past = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var future = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
        async Task Owes(string name, decimal signed, decimal paid, DateTimeOffset due)
        {
            var customer = await service.Customer(branch, "trader", name, rep);
            var order = await service.Order(branch, customer, rep, signed, past.AddDays(-30), due);
            if (paid > 0) await service.Paid(order, branch, paid);
        }
        // Mike, Lima and Juliet owe 500 each: Mike signed more, so comes first; Lima and Juliet tie on both,
        // so go by name, though Lima came first. Juliet's and November's orders are not due yet.
        await Owes("Kilo", 1000, 200, past);
        await Owes("Lima", 500, 0, past);
        await Owes("Mike", 700, 200, past);
        await Owes("November", 300, 0, future);
        await Owes("Oscar", 100, 100, past);
        await Owes("Juliet", 500, 0, future);

        const string ranking = "Kilo:1:1000/200/800/800 Mike:1:700/200/500/500 Juliet:1:500/0/500/0 Lima:1:500/0/500/500 November:1:300/0/300/0 Oscar:1:100/100/0/0";
        const string total = "6:3100/500/2600/1800";
        var exec = service.ClientAs("group-executive");
        var url = $"/api/reports/collections?branch={branch}&groupBy=customer";
        var whole = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"{url}&limit=500"),
            r => Collections(r.GetProperty("items").EnumerateArray()) == ranking, what: "every order and payment in collections");
        Assert.Equal(total, Total(whole));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);

        var pages = await Pages(exec, $"{url}&limit=2");
        Assert.Equal([2, 2, 2], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(ranking, Collections(pages.SelectMany(p => p.GetProperty("items").EnumerateArray())));
        Assert.All(pages, p => Assert.Equal(total, Total(p)));
        // Pages of 3 split the tie of Juliet and Lima.
        var threes = await Pages(exec, $"{url}&limit=3");
        Assert.Equal([3, 3], threes.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(ranking, Collections(threes.SelectMany(p => p.GetProperty("items").EnumerateArray())));
        Assert.All(threes, p => Assert.Equal(total, Total(p)));

        var csv = await Csv(exec, url);
        Assert.Equal(7, csv.Length);
        Assert.EndsWith(",Oscar,1,100,100,0,0", csv[6], StringComparison.Ordinal);
        Assert.Equal(3, (await Csv(exec, $"{url}&limit=2")).Length);
    }

    [Theory]
    [InlineData("/api/reports/abc?limit=0", "limit")]
    [InlineData("/api/reports/abc?limit=501", "limit")]
    [InlineData("/api/reports/abc?limit=abc", "limit")]
    [InlineData("/api/reports/abc?cursor=garbage", "cursor")]
    [InlineData("/api/reports/abc?cursor=bm9wZQ%3D%3D", "cursor")]
    [InlineData("/api/reports/collections?groupBy=rep&limit=0", "limit")]
    [InlineData("/api/reports/collections?limit=501", "limit")]
    [InlineData("/api/reports/collections?limit=abc", "limit")]
    [InlineData("/api/reports/collections?cursor=garbage", "cursor")]
    public async Task A_bad_limit_or_a_cursor_not_handed_out_is_refused_naming_the_field(string url, string field)
    {
        using var response = await service.ClientAs("group-executive").GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
    }
}
