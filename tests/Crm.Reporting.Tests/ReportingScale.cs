using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Staff;
using Marten;
using Weasel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Reporting.Tests;

/// <summary>
/// The scale harness: fills a reporting database directly with generated customers (category histories,
/// merges, chains of merges) and orders (five lines each, three years, four branches in different time
/// zones), resolves the attribution of every order as a rebuild does, and times each sales analysis over
/// HTTP. Sizes come from <c>CRM_REPORTING_SCALE_CUSTOMERS</c> / <c>CRM_REPORTING_SCALE_ORDERS</c>
/// (e.g. 20000/50000 or 100000/200000); the test suite runs it small.
/// </summary>
public static class ReportingScale
{
    public static readonly string[] Branches = ["SH", "LDN", "NYC", "SYD"];
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Sydney"];
    private static readonly string[] Categories = ["distributor", "trader", "retailer", "end-user"];

    public sealed record Generated(int Customers, int Orders, long Lines, decimal CountedTotal, Guid BusiestCustomer, Guid AProduct, TimeSpan Insert);

    /// <summary>Writes the documents (deterministic for a seed) with Marten's bulk insert.</summary>
    public static async Task<Generated> FillAsync(IDocumentStore store, int customers, int orders, int seed = 7)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var start = new DateTimeOffset(DateTime.UtcNow.Year - 3, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var span = DateTimeOffset.UtcNow - start;
        var branches = Branches.Select((b, i) => new ReportBranch(ReportBranch.IdOf(b)) { Code = b, Name = b, TimeZone = Zones[i], SourcePosition = i + 1 }).ToList();
        await store.BulkInsertAsync(branches, BulkInsertMode.OverwriteExisting);

        var ids = Enumerable.Range(0, customers).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
        var rows = new List<ReportCustomer>(customers);
        for (var i = 0; i < customers; i++)
        {
            var registered = start + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
            var spells = new List<CategorySpell> { new(registered, i * 10L + 1, Categories[random.Next(Categories.Length)]) };
            for (var n = random.Next(3); n > 0; n--)
                spells.Add(new CategorySpell(spells[^1].From + TimeSpan.FromDays(random.Next(30, 400)), spells[^1].Position + 1, Categories[random.Next(Categories.Length)]));
            // 2% merged into an earlier customer (which may itself be merged: chains).
            Guid? merged = i > 10 && random.Next(50) == 0 ? ids[random.Next(i)] : null;
            rows.Add(new ReportCustomer(ids[i])
            {
                Registered = true, Active = merged is null, Branch = Branches[i % Branches.Length], Name = $"Customer {i:D6}",
                Category = spells[^1].Category, Categories = spells, MergedInto = merged, SourcePosition = i * 10L + 5,
            });
        }
        foreach (var batch in rows.Chunk(5000)) await store.BulkInsertAsync(batch, BulkInsertMode.OverwriteExisting);

        var products = Enumerable.Range(0, 500).Select(p => (Id: new Guid(p + 1, 1, 0, new byte[8]), Code: $"P{p:D4}", Category: $"line-{p % 12}")).ToArray();
        var reps = Enumerable.Range(0, 200).Select(r => new Guid(r + 1, 2, 0, new byte[8])).ToArray();
        var counted = 0m;
        long lines = 0;
        var perCustomer = new int[customers];
        var batchRows = new List<ReportOrder>(5000);
        for (var i = 0; i < orders; i++)
        {
            var c = random.Next(customers);
            perCustomer[c]++;
            var signedAt = start + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
            var orderLines = Enumerable.Range(0, 5).Select(_ =>
            {
                var p = products[random.Next(products.Length)];
                var quantity = random.Next(1, 20);
                return new ReportOrderLine(p.Id, p.Code, $"Product {p.Code}", p.Category, quantity, quantity * random.Next(10, 500));
            }).ToList();
            var total = orderLines.Sum(l => l.LineTotal);
            var cancelled = random.Next(20) == 0;
            var collected = random.Next(3) == 0 ? total : Math.Round(total * (decimal)random.NextDouble(), 2);
            var rep = reps[random.Next(reps.Length)];
            if (!cancelled) counted += total;
            lines += orderLines.Count;
            batchRows.Add(new ReportOrder(new Guid(i + 1, 3, 0, new byte[8]))
            {
                IsSigned = true, Branch = Branches[random.Next(Branches.Length)], CustomerId = ids[c], SignedOwnerId = rep, OwnerId = rep,
                Lines = orderLines, Total = total, Currency = "CNY", SignedAt = signedAt, DueAt = signedAt.AddDays(30),
                Collected = collected, Outstanding = cancelled ? 0 : total - collected, Cancelled = cancelled, Counted = !cancelled,
                SourcePosition = 1_000_000_000L + i,
            });
            if (batchRows.Count == 5000)
            {
                await store.BulkInsertAsync(batchRows, BulkInsertMode.OverwriteExisting);
                batchRows.Clear();
            }
        }
        if (batchRows.Count > 0) await store.BulkInsertAsync(batchRows, BulkInsertMode.OverwriteExisting);
        var busiest = ids[Array.IndexOf(perCustomer, perCustomer.Max())];
        return new Generated(customers, orders, lines, counted, busiest, products[0].Id, clock.Elapsed);
    }

    /// <summary>Sales per category as the reports resolved them at read time before the resolution was recorded (the reference).</summary>
    public static async Task<Dictionary<string, decimal>> ReadTimeSalesByCategoryAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<CustomerMixReport.CategorySales>($"""
            select jsonb_build_object('category', t.category, 'sales', t.sales) from (
              select {OrderSales.ResolvedCategory} as category, sum(CAST(o.data ->> 'total' as numeric)) as sales
              from {await OrderSales.ResolvedFromAsync(store, CancellationToken.None)}
              where o.data ->> 'counted' = 'true' group by 1) t
            """, CancellationToken.None);
        return rows.ToDictionary(r => r.Category, r => r.Sales);
    }

    /// <summary>
    /// Times a GET <paramref name="runs"/> times per user, <paramref name="users"/> users at once (after one warm-up),
    /// and gives p50/p95 in ms over every request and the last body; <paramref name="before"/>, if given, runs before each request, untimed.
    /// </summary>
    public static async Task<(double P50, double P95, JsonElement Body)> TimeAsync(HttpClient client, string url, int runs, int users = 1, Func<Task>? before = null)
    {
        var body = await client.GetFromJsonAsync<JsonElement>(url);
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            for (var i = 0; i < runs; i++)
            {
                if (before is not null) await before();
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                body = await response.Content.ReadFromJsonAsync<JsonElement>();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }));
        return Percentiles([.. times], body);
    }

    private static (double P50, double P95, JsonElement Body) Percentiles(List<double> times, JsonElement body)
    {
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        return (At(0.5), At(0.95), body);
    }
}

/// <summary>
/// Runs <see cref="ReportingScale"/> (small by default) and checks that the recorded attribution agrees
/// with resolving at read time over thousands of generated orders with merges and category histories.
/// Timings go to the test output; nothing is asserted about them.
/// </summary>
public class ReportingScaleTests(ReportingService service, ITestOutputHelper output) : IClassFixture<ReportingService>
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task Generated_history_gives_the_same_sales_whether_resolved_when_recorded_or_when_read()
    {
        var (customers, orders) = (Setting("CRM_REPORTING_SCALE_CUSTOMERS", 1000), Setting("CRM_REPORTING_SCALE_ORDERS", 3000));
        var runs = Setting("CRM_REPORTING_SCALE_RUNS", 3);
        var users = Setting("CRM_REPORTING_SCALE_USERS", 1);
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        var generated = await ReportingScale.FillAsync(store, customers, orders);
        output.WriteLine($"filled {generated.Customers} customers, {generated.Orders} orders, {generated.Lines} lines in {generated.Insert.TotalSeconds:0.0} s");

        var clock = Stopwatch.StartNew();
        await OrderAttribution.RefreshAllAsync(store, CancellationToken.None);
        await Crm.Reporting.Monthly.CustomerStatusRows.RefreshAllAsync(store, CancellationToken.None);
        output.WriteLine($"resolved every order in {clock.ElapsedMilliseconds} ms ({generated.Orders / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0} orders/s)");

        // A running database's tables are vacuumed and analysed by autovacuum as they grow; right after a bulk fill
        // they are not yet, and the reports would be timed with plans made for empty tables and with index-only scans
        // that still visit every row (no visibility map yet), or with autovacuum working beside them.
        await using (var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var analyze = new Npgsql.NpgsqlCommand("vacuum analyze", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync();
        }

        clock.Restart();
        var reference = await ReportingScale.ReadTimeSalesByCategoryAsync(store);
        output.WriteLine($"read-time resolution (the former per-read query), sales by category: {clock.ElapsedMilliseconds} ms");

        var client = service.ClientAs("group-executive");
        var year = DateTime.UtcNow.Year;
        var urls = new[]
        {
            "/api/reports/customer-mix",
            $"/api/reports/customer-mix?from={year - 1}-01-01&to={year - 1}-03-31",
            "/api/reports/customer-mix?branch=LDN",
            "/api/reports/abc",
            "/api/reports/abc?limit=500",
            "/api/reports/collections?groupBy=customer",
            "/api/reports/collections?groupBy=rep",
            "/api/reports/product-mix",
            $"/api/reports/product-mix?from={year - 1}-06-01&to={year - 1}-06-30",
            "/api/reports/seasonal-index",
            $"/api/reports/seasonal-index?productId={generated.AProduct}",
            $"/api/reports/customers/{generated.BusiestCustomer}/transactions?year={year - 1}",
            $"/api/reports/monthly?month={year - 1}-10",
            $"/api/reports/monthly?branch=LDN&month={year - 1}-10",
        };
        JsonElement mix = default;
        foreach (var url in urls)
        {
            var (p50, p95, body) = await ReportingScale.TimeAsync(client, url, runs, users);
            output.WriteLine($"{url}: p50 {p50:0} ms, p95 {p95:0} ms ({users} users x {runs} requests)");
            if (url == "/api/reports/customer-mix") mix = body;
        }

        // The rankings are kept and brought up to date from what changed (SalesRankings, ReportCache): timed again with an
        // order changed before each request, as a recorded payment changes it (its sales, collected and outstanding amounts).
        var changes = 0;
        Guid[] changeable;
        await using (var session = store.QuerySession())
            changeable = [.. await session.AdvancedSql.QueryAsync<Guid>(
                $"select order_id from {AttributionTables.Qualified(store, AttributionTables.Table)} where counted order by order_id limit 1000", CancellationToken.None)];
        async Task ChangeAnOrder()
        {
            var order = changeable[Interlocked.Increment(ref changes) % changeable.Length];
            await using var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString);
            await connection.OpenAsync();
            await using var change = new Npgsql.NpgsqlCommand(
                $"update {AttributionTables.Qualified(store, AttributionTables.Table)} set total = total + 1, outstanding = outstanding + 1 where order_id = $1", connection);
            change.Parameters.Add(new Npgsql.NpgsqlParameter { Value = order });
            await change.ExecuteNonQueryAsync();
            await Crm.Reporting.Reports.ReportCache.ChangedAsync(store, CancellationToken.None);
        }
        foreach (var url in new[] { "/api/reports/abc", "/api/reports/collections?groupBy=customer", "/api/reports/collections?groupBy=rep", "/api/reports/collections?groupBy=branch" })
        {
            var (p50, p95, _) = await ReportingScale.TimeAsync(client, url, runs, users, ChangeAnOrder);
            output.WriteLine($"{url}, a change recorded before each request: p50 {p50:0} ms, p95 {p95:0} ms ({users} users x {runs} requests)");
        }

        // Paging through the large rankings: two pages of 50 are the first 100, and ABC's classes count every customer with sales.
        foreach (var url in new[] { "/api/reports/abc", "/api/reports/collections?groupBy=customer" })
        {
            var first = await client.GetFromJsonAsync<JsonElement>($"{url}{(url.Contains('?') ? '&' : '?')}limit=50");
            var second = await client.GetFromJsonAsync<JsonElement>($"{url}{(url.Contains('?') ? '&' : '?')}limit=50&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");
            var hundred = await client.GetFromJsonAsync<JsonElement>($"{url}{(url.Contains('?') ? '&' : '?')}limit=100");
            Assert.Equal(hundred.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()),
                first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetRawText()));
        }
        var abc = await client.GetFromJsonAsync<JsonElement>("/api/reports/abc");
        Assert.Equal(generated.CountedTotal + changes, abc.GetProperty("classes").EnumerateObject().Sum(c => c.Value.GetProperty("sales").GetDecimal()));

        var recorded = mix.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("sales").GetDecimal() != 0)
            .ToDictionary(i => i.GetProperty("category").GetString()!, i => i.GetProperty("sales").GetDecimal());
        Assert.Equal(reference.OrderBy(r => r.Key), recorded.OrderBy(r => r.Key));
        Assert.Equal(generated.CountedTotal, recorded.Values.Sum());
    }
}
