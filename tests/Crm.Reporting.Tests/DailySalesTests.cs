using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>
/// The local day each sale is kept under, and the daily sums per branch and category that the branch- and
/// group-wide analyses read: they follow signing, cancellation, a branch's time zone arriving late, re-categorising and a rebuild.
/// </summary>
public class DailySalesTests(ReportingService service) : IClassFixture<ReportingService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static string Amount(decimal d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    private async Task<string> Mix(string query, string category) => Amount(
        (await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?{query}")).GetProperty("items").EnumerateArray()
        .Where(i => i.GetProperty("category").GetString() == category).Select(i => i.GetProperty("sales").GetDecimal()).FirstOrDefault());

    private static string Months(JsonElement r) => string.Join(" ", r.GetProperty("months").EnumerateArray()
        .Where(m => m.GetProperty("sales").GetDecimal() != 0 || m.GetProperty("companySales").GetDecimal() != 0)
        .Select(m => $"{m.GetProperty("label").GetString()}:{Amount(m.GetProperty("sales").GetDecimal())}/{Amount(m.GetProperty("companySales").GetDecimal())}"));

    /// <summary>What the monthly report says the branch was owed / owed overdue when the month ended.</summary>
    private async Task<string> Owed(string branch, string month)
    {
        var report = await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?branch={branch}&month={month}");
        var figures = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("branch").GetString() == branch).GetProperty("month");
        return $"{Amount(figures.GetProperty("outstanding").GetDecimal())}/{Amount(figures.GetProperty("overdue").GetDecimal())}";
    }

    /// <summary>The daily sums as kept, and as summed from the orders now: equal when the triggers kept up.</summary>
    private async Task<(string Kept, string Summed)> DailySumsAsync(string branch)
    {
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        async Task<string> Read(string sql) => string.Join(" ", await session.AdvancedSql.QueryAsync<string>(sql, CancellationToken.None, branch));
        var schema = store.Options.DatabaseSchemaName;
        var kept = await Read($"""
            select local_day || ':' || category || ':' || trim_scale(sum(orders)) || ':' || trim_scale(sum(total)) from {AttributionSums.Summed(store, AttributionTables.DailyTable)} d
            where branch = ? group by local_day, category having sum(orders) <> 0 order by local_day, category
            """);
        var summed = await Read($"""
            select local_day || ':' || category || ':' || count(*) || ':' || trim_scale(sum(total)) from {schema}.{AttributionTables.Table}
            where branch = ? and counted group by local_day, category order by local_day, category
            """);
        return (kept, summed);
    }

    [Fact]
    public async Task Sales_move_to_the_branchs_own_days_when_its_time_zone_arrives_after_them_and_cancellations_leave_the_daily_sums()
    {
        var branch = SourceEvents.ABranch();
        var category = $"daily-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        var customer = Guid.CreateVersion7();
        await service.Registered(Positions(1)[0], customer, branch, "Juliet Daily", category, Utc("2024-01-01T00:00"), rep);
        // 20:00 UTC on 31 January: 1 February in the default zone (Asia/Shanghai), 31 January in New York.
        await service.Signed(Guid.CreateVersion7(), branch, customer, rep, 700, Utc("2026-01-31T20:00"));
        await service.Signed(Guid.CreateVersion7(), branch, customer, rep, 50, Utc("2026-02-10T12:00"));
        var withdrawn = Guid.CreateVersion7();
        await service.Signed(withdrawn, branch, customer, rep, 9, Utc("2026-01-31T20:00"));

        var february = $"branch={branch}&from=2026-02-01&to=2026-02-28";
        await Eventually.Get(() => Mix(february, category), s => s == "759", what: "three orders on the default zone's February days");
        await service.Cancelled(withdrawn, branch);
        await Eventually.Get(() => Mix(february, category), s => s == "750", what: "the cancelled order out of the daily sums");
        Assert.Equal("0", await Mix($"branch={branch}&from=2026-01-31&to=2026-01-31", category));
        // Owed when January ended (1 February 00:00 in Shanghai = 31 January 16:00 UTC): nothing signed yet. The
        // cancellation came in December: when February ended the 9 was owed as well.
        Assert.Equal("0/0", await Owed(branch, "2026-01"));
        Assert.Equal("759/0", await Owed(branch, "2026-02"));

        // The branch's time zone becomes known after its sales were recorded: they move to its own days.
        await service.BranchOpened(branch, "America/New_York");
        await Eventually.Get(() => Mix(february, category), s => s == "50", what: "the late-January sale back on New York's 31 January");
        Assert.Equal("700", await Mix($"branch={branch}&from=2026-01-31&to=2026-01-31", category));
        Assert.Equal("700", await Mix($"from=2026-01-31&to=2026-01-31", category));
        Assert.Equal("750", await Mix($"branch={branch}", category));
        var year = await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/customers/{customer}/transactions?branch={branch}&year=2026");
        Assert.Equal("2026-01:700/700 2026-02:50/50", Months(year));
        var products = await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/product-mix?branch={branch}&from=2026-01-31&to=2026-01-31");
        Assert.Equal("700", Amount(products.GetProperty("total").GetDecimal()));
        // A rep's own view reads their orders, not the daily sums, and agrees.
        var own = await service.ClientAs("sales-rep", branch, rep).GetFromJsonAsync<JsonElement>("/api/reports/customer-mix?from=2026-01-31&to=2026-01-31");
        Assert.Equal(700m, own.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("category").GetString() == category).GetProperty("sales").GetDecimal());

        // In New York January ends at 05:00 UTC on 1 February: the 700 and the 9 (cancelled only in December) were owed.
        Assert.Equal("709/0", await Owed(branch, "2026-01"));
        Assert.Equal("759/0", await Owed(branch, "2026-02"));
        // Due 30 days after signing: all three overdue when March ends, the cancelled one still owed then too.
        Assert.Equal("759/759", await Owed(branch, "2026-03"));

        var (kept, summed) = await DailySumsAsync(branch);
        Assert.Equal($"2026-01-31:{category}:1:700 2026-02-10:{category}:1:50", kept);
        Assert.Equal(summed, kept);

        // Pending changes added into the sums (as the service does every second) leave every answer as it was.
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        await AttributionSums.MergePendingAsync(store, CancellationToken.None);
        await using (var session = store.QuerySession())
        {
            var pending = await session.AdvancedSql.QueryAsync<long>(
                $"select count(*) from {store.Options.DatabaseSchemaName}.{AttributionTables.DailyTable}_pending where branch = ?", CancellationToken.None, branch);
            Assert.Equal(0, pending.Single());
        }
        Assert.Equal((kept, summed), await DailySumsAsync(branch));
        Assert.Equal("759/759", await Owed(branch, "2026-03"));
        Assert.Equal("750", await Mix($"branch={branch}", category));
    }

    [Fact]
    public async Task A_customer_changing_category_moves_its_past_days_only_where_the_history_says_and_a_rebuild_keeps_the_sums()
    {
        var branch = SourceEvents.ABranch();
        var (before, after) = ($"old-{Guid.NewGuid():N}", $"new-{Guid.NewGuid():N}");
        var rep = Guid.CreateVersion7();
        var customer = Guid.CreateVersion7();
        var at = Positions(2);
        await service.BranchOpened(branch, "Europe/London");
        await service.Registered(at[0], customer, branch, "Kilo Daily", before, Utc("2024-01-01T00:00"), rep);
        await service.Signed(Guid.CreateVersion7(), branch, customer, rep, 100, Utc("2025-06-01T10:00"));
        await service.Signed(Guid.CreateVersion7(), branch, customer, rep, 30, Utc("2026-06-01T10:00"));
        await Eventually.Get(() => Mix($"branch={branch}", before), s => s == "130", what: "both orders under the first category");

        // Re-categorised on 1 January 2026: the 2025 sale stays where it was made, the 2026 one moves.
        await service.ProfileUpdated(at[1], customer, branch, "Kilo Daily", after, Utc("2026-01-01T00:00"));
        await Eventually.Get(() => Mix($"branch={branch}", after), s => s == "30", what: "the 2026 sale under the new category");
        Assert.Equal("100", await Mix($"branch={branch}", before));

        var (kept, summed) = await DailySumsAsync(branch);
        Assert.Equal($"2025-06-01:{before}:1:100 2026-06-01:{after}:1:30", kept);
        Assert.Equal(summed, kept);

        var rebuilt = await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal((kept, summed), await DailySumsAsync(branch));
        Assert.Equal("100", await Mix($"branch={branch}", before));
    }

    private static string Products(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("code").GetString()}:{Amount(i.GetProperty("quantity").GetDecimal())}:{Amount(i.GetProperty("sales").GetDecimal())}"));

    [Fact]
    public async Task The_product_mix_adds_whole_months_from_the_monthly_sums_to_the_days_around_them()
    {
        var branch = SourceEvents.ABranch();
        await service.BranchOpened(branch, "Europe/London");
        var rep = Guid.CreateVersion7();
        var customer = await service.Customer(branch, "trader", "Lima Months", rep);
        var (bolt, nut) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var pBolt = $"B-{Guid.NewGuid():N}"[..10];
        var pNut = $"N-{Guid.NewGuid():N}"[..10];
        // 15 January, 10 and 28 February, 3 March 2026 (London time = UTC in winter); one order cancelled.
        await service.Order(branch, customer, rep, [new OrderEvents.Line(bolt, pBolt, 2, 10, "fixings")], Utc("2026-01-15T10:00"));
        await service.Order(branch, customer, rep, [new OrderEvents.Line(bolt, pBolt, 3, 10, "fixings"), new OrderEvents.Line(nut, pNut, 5, 1, "fixings")], Utc("2026-02-10T10:00"));
        var cancelled = await service.Order(branch, customer, rep, [new OrderEvents.Line(nut, pNut, 100, 1, "fixings")], Utc("2026-02-28T23:30"));
        await service.Order(branch, customer, rep, [new OrderEvents.Line(nut, pNut, 7, 1, "other")], Utc("2026-03-03T10:00"));

        async Task<string> Mix(string query) => Products(await Exec.GetFromJsonAsync<JsonElement>($"/api/reports/product-mix?branch={branch}&{query}"));
        await Eventually.Get(() => Mix("from=2026-01-01&to=2026-12-31"), s => s == $"{pNut}:112:112 {pBolt}:5:50", what: "every line of the four orders");
        await service.Cancelled(cancelled, branch);
        await Eventually.Get(() => Mix("from=2026-01-01&to=2026-12-31"), s => s == $"{pBolt}:5:50 {pNut}:12:12", what: "the cancelled order's line out");
        // 10 January to 5 March: February whole, the days of January and March around it.
        Assert.Equal($"{pBolt}:5:50 {pNut}:12:12", await Mix("from=2026-01-10&to=2026-03-05"));
        Assert.Equal($"{pBolt}:3:30 {pNut}:5:5", await Mix("from=2026-01-20&to=2026-03-02"));
        Assert.Equal($"{pBolt}:3:30 {pNut}:5:5", await Mix("from=2026-02-01&to=2026-02-28"));
        Assert.Equal($"{pBolt}:3:30 {pNut}:12:12", await Mix("from=2026-02-01"));
        Assert.Equal($"{pBolt}:2:20", await Mix("to=2026-01-31"));
        Assert.Equal($"{pBolt}:5:50 {pNut}:5:5", await Mix("to=2026-02-28&category=fixings"));
        Assert.Equal($"{pNut}:7:7", await Mix("from=2026-01-01&category=other"));

        // The monthly sums are those of the lines, month by month.
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var schema = store.Options.DatabaseSchemaName;
        async Task<string> Read(string sql) => string.Join(" ", await session.AdvancedSql.QueryAsync<string>(sql, CancellationToken.None, branch));
        var kept = await Read($"""
            select month || ':' || product_category || ':' || trim_scale(sum(quantity)) || ':' || trim_scale(sum(sales)) from {AttributionSums.Summed(store, AttributionTables.ProductMonthTable)} d
            where branch = ? group by month, product_id, product_category having sum(lines) <> 0 order by month, product_category, sum(sales)
            """);
        var summed = await Read($"""
            select date_trunc('month', local_day)::date || ':' || product_category || ':' || trim_scale(sum(quantity)) || ':' || trim_scale(sum(line_total))
            from {schema}.{AttributionTables.LinesTable} where branch = ? and counted group by product_id, date_trunc('month', local_day), product_category
            order by date_trunc('month', local_day), product_category, sum(line_total)
            """);
        Assert.Equal("2026-01-01:fixings:2:20 2026-02-01:fixings:5:5 2026-02-01:fixings:3:30 2026-03-01:other:7:7", kept);
        Assert.Equal(summed, kept);
    }
}
