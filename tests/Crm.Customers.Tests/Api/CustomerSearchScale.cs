using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Customers.Domain;
using Crm.Customers.Features;
using Crm.ServiceDefaults.Security;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Core;
using Xunit.Abstractions;

namespace Crm.Customers.Tests.Api;

/// <summary>Runs only when <c>CRM_CUSTOMERS_SEARCH_SCALE</c> names how many customers to generate (e.g. 100000).</summary>
public sealed class SearchScaleFactAttribute : FactAttribute
{
    public const string Variable = "CRM_CUSTOMERS_SEARCH_SCALE";

    public SearchScaleFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"The search scale harness runs only with {Variable} set (e.g. {Variable}=100000).";
    }
}

/// <summary>
/// The search at scale: customers built by the projection's own fold from registration and contact
/// events (Chinese company names, some latin ones, phones, emails, contacts), in three branches,
/// bulk inserted with Marten. Then, for a rare and a common two-character Chinese fragment, a phone
/// fragment and a latin fragment: the plan (EXPLAIN ANALYZE) and the times of the former query (name
/// ILIKE '%x%') and of the indexed one, read directly, and the list endpoint's times over HTTP. The
/// keys are first wiped and given back by the start-up backfill, which is timed too.
/// Times go to the test output only; what is asserted is that both queries find the same customers.
/// </summary>
public class CustomerSearchScaleTests(CustomersService service, ITestOutputHelper output) : IClassFixture<CustomersService>
{
    private static readonly string[] Branches = ["north", "east", "south"];
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "重庆", "天津", "苏州", "西安", "长沙", "青岛", "宁波", "厦门"];
    private static readonly string[] Trades = ["电器", "贸易", "科技", "机电", "五金", "建材", "电子", "照明", "电气", "家电", "实业", "物流"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] LatinWords = ["Golden", "Star", "Pacific", "Orient", "Bright", "United", "Harbor", "Summit", "Delta", "Prime", "Royal", "Unity"];
    private const string RareBrand = "鑫淼";

    // Brand characters: a few hundred common ones, so most pairs repeat across customers as real names do.
    private static readonly string BrandCharacters =
        "华美达恒通盛鑫源丰泰和兴隆安康宏伟金银海天宇星辰光明瑞祥福德信诚利新东方南北中国际嘉豪凯旋博远弘辉腾飞龙凤鹏程锦绣" +
        "佳乐永昌万象云峰山川江河湖林森茂春秋雅致立志远航正大同创联合众合力顺发汇聚宝成富强振宇启元朗润泽晶华卓越荣耀";

    [SearchScaleFact]
    public async Task The_indexed_search_finds_what_the_scan_found_and_how_long_each_takes()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable(SearchScaleFactAttribute.Variable)!, CultureInfo.InvariantCulture);
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        var clock = Stopwatch.StartNew();
        var rarePhone = await FillAsync(store, count);
        output.WriteLine($"inserted {count} customers in {Branches.Length} branches in {clock.Elapsed.TotalSeconds:0.0} s");

        // As if they had all been stored before the search columns existed: the start-up backfill gives them their keys.
        await Sql(store, $"update {Table(store)} set search_grams = null, search_text = null, phone_keys = null, email_keys = null");
        clock.Restart();
        await new CustomerKeysBackfill(store, Microsoft.Extensions.Logging.Abstractions.NullLogger<CustomerKeysBackfill>.Instance).StartAsync(CancellationToken.None);
        output.WriteLine($"start-up backfill of {count} customers' keys: {clock.Elapsed.TotalSeconds:0.0} s");
        await Sql(store, $"vacuum analyze {Table(store)}");

        var client = service.ClientAs("group-executive");
        var head = service.ClientAs("branch-head", "north");
        var exec = new Caller(Guid.CreateVersion7().ToString(), "exec", Roles.GroupExecutive, null);
        foreach (var search in new[] { RareBrand, "华美", "公司", "华", rarePhone, "138", "hengda", "golden" })
        {
            var filter = new CustomerFilter(null, null, null, null, search, null, null);
            filter.Validate(new Crm.ServiceDefaults.Http.ValidationErrors());

            await using var session = store.QuerySession();
            IQueryable<Customer> Before() => session.Query<Customer>()
                .Where(c => c.Status != CustomerStatus.TransferredOut && c.AnyTenant() && c.Status != CustomerStatus.Merged)
                .Where(c => c.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Name).ThenBy(c => c.Id).Take(51);
            IQueryable<Customer> After() => filter.Apply(session, exec).Take(51);

            output.WriteLine($"--- search \"{search}\"");
            foreach (var (label, query) in new[] { ("before: name ILIKE", (Func<IQueryable<Customer>>)Before), ("after: like + grams @>", After) })
            {
                var (p50, p95, rows) = await TimeAsync(() => query().ToListAsync(), 7);
                output.WriteLine($"{label}: {rows.Count} rows (page of 51), p50 {p50:0.0} ms, p95 {p95:0.0} ms");
                output.WriteLine(await ExplainAsync(store, query()));
            }
            var (httpP50, httpP95, page) = await TimeAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/customers?search={Uri.EscapeDataString(search)}"), 7);
            output.WriteLine($"GET /api/customers?search=: {page.GetProperty("items").GetArrayLength()} items, p50 {httpP50:0.0} ms, p95 {httpP95:0.0} ms");
            var (headP50, headP95, headPage) = await TimeAsync(() => head.GetFromJsonAsync<JsonElement>($"/api/customers?search={Uri.EscapeDataString(search)}"), 7);
            output.WriteLine($"the same as a branch head (one branch): {headPage.GetProperty("items").GetArrayLength()} items, p50 {headP50:0.0} ms, p95 {headP95:0.0} ms");

            // The name matches of the former search are all found by the new one (which also looks in phones, emails...).
            var byName = (await Before().ToListAsync()).Select(c => c.Id).ToHashSet();
            var total = await filter.Apply(session, exec).CountAsync();
            var nameMatchesNow = await filter.Apply(session, exec).Where(c => c.Name.Contains(search, StringComparison.OrdinalIgnoreCase)).Take(51).ToListAsync();
            output.WriteLine($"matches in all: {total}");
            Assert.Equal(byName, nameMatchesNow.Select(c => c.Id).ToHashSet());
        }
    }

    private static string Table(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(Customer)).TableName.QualifiedName;

    /// <summary>Customers as the projection folds their events, bulk inserted per branch; gives a phone fragment of few customers.</summary>
    private static async Task<string> FillAsync(IDocumentStore store, int count)
    {
        var random = new Random(11);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var perBranch = Branches.ToDictionary(b => b, _ => new List<Customer>());
        string? phone = null;
        for (var i = 0; i < count; i++)
        {
            var branch = Branches[i % Branches.Length];
            var id = new Guid(i + 1, 7, 7, new byte[8]);
            var at = start.AddMinutes(i * 13);
            string name;
            if (i % 20000 == 15)
                name = $"Hengda Electrical Co., Ltd. {i}";
            else if (i % 10 == 9)
                name = $"{LatinWords[random.Next(LatinWords.Length)]} {LatinWords[random.Next(LatinWords.Length)]} {(i % 20 == 19 ? "Trading" : "Electrical")} Co., Ltd. {i}";
            else
            {
                var brand = i % 20000 == 5 ? RareBrand : $"{BrandCharacters[random.Next(BrandCharacters.Length)]}{BrandCharacters[random.Next(BrandCharacters.Length)]}";
                name = $"{Cities[random.Next(Cities.Length)]}{brand}{Trades[random.Next(Trades.Length)]}有限公司";
            }
            var mobile = $"1{random.Next(30, 90)}{random.Next(10000000, 99999999)}";
            phone ??= mobile[3..10];
            var details = CustomerDetails.Empty with
            {
                TaxId = $"9144{random.Next(1000, 9999)}MA{i:D6}",
                Phones = [$"+86 {mobile[..3]} {mobile[3..7]} {mobile[7..]}"],
                Emails = [$"sales{i}@company{random.Next(5000)}.example"],
            };
            var events = new List<object>
            {
                new CustomerRegistered(id, branch, name, "regional-electrical-store", null, at) { Details = details },
            };
            for (var c = random.Next(3); c > 0; c--)
                events.Add(new ContactAdded(id, new Contact(Guid.CreateVersion7(), $"{Surnames[random.Next(Surnames.Length)]}{BrandCharacters[random.Next(BrandCharacters.Length)]}",
                    null, false, $"1{random.Next(30, 90)}{random.Next(10000000, 99999999)}", null, null, null), at));
            var customer = events.Aggregate((Customer?)null, CustomerDecider.Evolve)! with { Version = events.Count };
            perBranch[branch].Add(customer);
        }
        foreach (var (branch, customers) in perBranch)
            foreach (var batch in customers.Chunk(5000))
                await store.BulkInsertAsync(branch, batch, BulkInsertMode.OverwriteExisting);
        return phone!;
    }

    private static async Task<(double P50, double P95, T Last)> TimeAsync<T>(Func<Task<T>> run, int runs)
    {
        var last = await run(); // warm-up, not counted
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            last = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        return (At(0.5), At(0.95), last);
    }

    private static async Task<string> ExplainAsync(IDocumentStore store, IQueryable<Customer> query)
    {
        var command = query.ToCommand(FetchType.FetchMany);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        command.Connection = connection;
        command.CommandText = "explain (analyze, buffers) " + command.CommandText;
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }

    private static async Task Sql(IDocumentStore store, string sql)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
