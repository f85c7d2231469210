using System.Globalization;
using System.Text;
using Bogus;

namespace Crm.Simulator;

/// <summary>
/// The large size: customers through the CSV import (chunks under the gateway's 1 MiB body limit; a
/// row's id comes from its content, so sending a chunk again adds nothing) and orders signed in
/// parallel by the import client, customer by customer, with a checkpoint file so that a run cut short
/// resumes where it stopped without signing an order twice.
/// </summary>
public sealed partial class Seeder
{
    private const int ChunkBytes = 900_000;
    private const int ChunkRows = 5000;
    private static readonly string[] ImportColumns = ["name", "category", "grade", "ownerId", "phones", "emails", "addresses", "needs", "competitors"];

    private string importerId = "", importerSecret = "";
    private DateTime tokensAt = DateTime.UtcNow;

    /// <summary>Tokens last for a while only: sign in again every ten minutes of a long run.</summary>
    private async Task FreshTokensAsync()
    {
        if (DateTime.UtcNow - tokensAt < TimeSpan.FromMinutes(10)) return;
        tokensAt = DateTime.UtcNow;
        exec = await api.TokenAsync(("grant_type", "password"), ("username", "exec"), ("password", demoPassword)) ?? exec;
        if (importerId.Length > 0)
            importer = await api.TokenAsync(("grant_type", "client_credentials"), ("client_id", importerId), ("client_secret", importerSecret)) ?? importer;
    }

    private async Task<List<Customer>> ImportCustomersAsync(Branch branch, List<string> categories)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed * 31 + StableHash(branch.Code)) };
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(string Line, Customer Customer)>(size.CustomersPerBranch);
        for (var i = 0; i < size.CustomersPerBranch; i++)
        {
            var category = categories[i % categories.Count];
            var grade = i < categories.Count * 3 ? (i / categories.Count) switch { 0 => "vip", 1 => "key", _ => "normal" }
                : faker.Random.WeightedRandom(["vip", "key", "normal"], [0.05f, 0.2f, 0.75f]);
            var name = $"{City(faker)}{faker.PickRandom(Brands)}{faker.PickRandom(Trades)}{(category.StartsWith("international", StringComparison.Ordinal) ? "国际贸易" : "")}有限公司";
            var seen = names.GetValueOrDefault(name);
            names[name] = seen + 1;
            if (seen > 0) name = $"{name}第{seen + 1}分公司";
            var owner = branch.Reps[i % branch.Reps.Count];
            var line = string.Join(',', new[]
            {
                name, category, grade, owner.ToString(),
                $"+86 1{3 + StableHash(branch.Code) % 6}{seed % 10} {i / 10000 % 10000:D4} {i % 10000:D4}",
                $"c{i + 1}.{branch.Code}.{seed}@example.cn",
                $"{City(faker)}{faker.Random.Number(1, 300)}号",
                $"联系人 {faker.Name.FullName()}; {faker.PickRandom("稳定供货", "账期更长", "更快的维修响应", "新品培训", "价格优惠")}",
                faker.PickRandom("美的", "格力", "海尔", "无", "本地经销商"),
            }.Select(CsvField));
            rows.Add((line, new Customer(Guid.Empty, name, branch, category, grade, owner)));
        }

        var chunks = new List<(int First, int Count, string Csv)>();
        var header = string.Join(',', ImportColumns);
        for (var first = 0; first < rows.Count;)
        {
            var text = new StringBuilder(header).Append('\n');
            var count = 0;
            while (first + count < rows.Count && count < ChunkRows && Encoding.UTF8.GetByteCount(rows[first + count].Line) + text.Length * 3 < ChunkBytes)
                text.Append(rows[first + count++].Line).Append('\n');
            chunks.Add((first, count, text.ToString()));
            first += count;
        }

        var customers = new Customer[rows.Count];
        var progress = new Progress($"customers {branch.Code,-6}", rows.Count);
        int imported = 0, already = 0;
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (chunk, _) =>
        {
            await FreshTokensAsync();
            // Generated names repeat brand, city and trade (a "第2分公司" of the same firm), so some rows look like
            // others; they are distinct customers, confirmed as such like an operator would.
            var answer = await api.MustPostTextAsync(exec, $"/api/customers/import?branch={branch.Code}&allowDuplicate=true", chunk.Csv, "text/csv");
            var errors = answer.Body!["errors"]!.AsArray();
            if (errors.Count > 0) throw new InvalidOperationException($"import into {branch.Code} refused rows: {errors[0]!.ToJsonString()}");
            var ids = answer.Body!["ids"]!.AsArray();
            if (ids.Count != chunk.Count) throw new InvalidOperationException($"import into {branch.Code}: {ids.Count} ids for {chunk.Count} rows");
            for (var k = 0; k < chunk.Count; k++) customers[chunk.First + k] = rows[chunk.First + k].Customer with { Id = Guid.Parse(ids[k]!.GetValue<string>()) };
            Interlocked.Add(ref imported, answer.Body!["imported"]!.GetValue<int>());
            Interlocked.Add(ref already, answer.Body!["alreadyImported"]!.GetValue<int>());
            progress.Advance(chunk.Count);
        });
        Step($"customers in {branch.Code}: {rows.Count} by CSV import in {chunks.Count} files ({imported} new, {already} already there), {progress.Finish()}");
        return [.. customers];
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private sealed record OrderPlan(DateTimeOffset SignedAt, object[] Lines, int LineCount, decimal Amount, int Payments, int FirstDays, decimal Split);

    private async Task BulkOrdersAsync(List<Customer> customers, List<Product> products)
    {
        // 80/20: Pareto weights (alpha 1.16) per customer, capped so no single customer takes over; VIP and key weigh more.
        var cumulative = new double[customers.Count];
        var total = 0.0;
        for (var i = 0; i < customers.Count; i++)
        {
            var pareto = Math.Min(500, Math.Pow(1 - random.NextDouble(), -1 / 1.16));
            total += pareto * (customers[i].Grade == "vip" ? 3 : customers[i].Grade == "key" ? 1.8 : 1);
            cumulative[i] = total;
        }
        var start = new DateTimeOffset(now.Year - 3, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var months = Enumerable.Range(0, 36).Select(m => start.AddMonths(m)).ToList();
        var monthWeights = months.Select((m, i) => Season[m.Month - 1] * (1 + 0.12 * i / 12.0)).ToList();
        var plans = new Dictionary<int, List<OrderPlan>>();
        long lines = 0;
        for (var n = 0; n < size.Orders; n++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            if (index < 0) index = Math.Min(~index, customers.Count - 1);
            var customer = customers[index];
            var month = months[PickIndex(monthWeights)];
            var latest = Min(month.AddMonths(1), now.AddHours(-2));
            var signedAt = month.AddSeconds(random.NextDouble() * (latest - month).TotalSeconds);
            var picked = Enumerable.Range(0, 1 + random.Next(size.MaxLinesPerOrder)).Select(_ => products[random.Next(products.Count)]).Distinct()
                .Select(p => (p, quantity: (decimal)(1 + random.Next(customer.Grade == "vip" ? 40 : 12)), unitPrice: decimal.Round(p.ListPrice * (decimal)(0.85 + random.NextDouble() * 0.2), 2)))
                .ToList();
            var amount = picked.Sum(l => l.quantity * l.unitPrice);
            var roll = random.NextDouble();
            var payments = (now - signedAt).TotalDays > 60 ? (roll < 0.82 ? 2 : roll < 0.93 ? 1 : 0) : (roll < 0.35 ? 2 : roll < 0.55 ? 1 : 0);
            var plan = new OrderPlan(signedAt, [.. picked.Select(l => (object)new { productId = l.p.Id, l.quantity, l.unitPrice })], picked.Count, amount,
                payments, 5 + random.Next(40), decimal.Round(amount * (decimal)(0.3 + random.NextDouble() * 0.4), 2));
            if (!plans.TryGetValue(index, out var list)) plans[index] = list = [];
            list.Add(plan);
            lines += picked.Count;
        }
        var units = plans.OrderBy(p => p.Key).Select(p => (Customer: customers[p.Key], Orders: p.Value)).ToList();
        var top = units.Select(u => u.Orders.Sum(o => o.Amount)).OrderDescending().Take(Math.Max(1, customers.Count / 5)).Sum()
            / Math.Max(1, units.Sum(u => u.Orders.Sum(o => o.Amount)));
        Step($"orders: {size.Orders} with {lines} lines planned for {units.Count} of {customers.Count} customers; the top fifth of customers hold {top:P0} of sales");

        // Resume: the checkpoint names the customers whose orders are all signed (every one below its
        // frontier, and those finished out of order above it); a customer that was in flight when the
        // run stopped may have part of its orders, so it is checked and skipped when it has any.
        var checkpointFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(clientFile))!, $"simulator-orders-{size.Name}-{seed.ToString(CultureInfo.InvariantCulture)}");
        var resume = await ResumePointAsync(checkpointFile, units.Count);
        var done = new bool[units.Count];
        foreach (var u in resume.Done.Where(u => u < units.Count)) done[u] = true;
        for (var i = 0; i < Math.Min(resume.Frontier, units.Count); i++) done[i] = true;
        var frontier = Math.Min(resume.Frontier, units.Count);
        var gate = new object();
        var progress = new Progress("orders", size.Orders, units.Where((_, i) => done[i]).Sum(u => u.Orders.Count));
        int skipped = 0, finished = 0;
        Guid? firstOrder = resume.FirstOrder;
        void Save() => File.WriteAllText(checkpointFile,
            $"{frontier} {firstOrder}\n{string.Join(',', Enumerable.Range(frontier, units.Count - frontier).Where(i => done[i]))}\n");
        await Parallel.ForEachAsync(Enumerable.Range(frontier, units.Count - frontier).Where(u => !done[u]), new ParallelOptions { MaxDegreeOfParallelism = size.Parallelism }, async (u, _) =>
        {
            await FreshTokensAsync();
            var (customer, orders) = units[u];
            if (u <= resume.CheckUpTo && await AnyAsync($"/api/orders?customerId={customer.Id}&"))
            {
                Interlocked.Increment(ref skipped);
                progress.Advance(orders.Count);
            }
            else
            {
                foreach (var o in orders)
                {
                    var id = await SignAsync(customer, o.SignedAt, o.Lines, o.Amount, o.Payments, o.FirstDays, o.Split);
                    lock (gate) firstOrder ??= id;
                    progress.Advance();
                }
            }
            lock (gate)
            {
                done[u] = true;
                while (frontier < done.Length && done[frontier]) frontier++;
                Save();
                if (++finished == StopAfterCustomers) throw new OperationCanceledException($"stopped after the orders of {finished} customers, as asked");
            }
        });
        lock (gate) Save();
        Step($"orders: {units.Count} customers' orders in (resumed with {resume.Frontier} done, {skipped} found already signed), {progress.Finish()}");
    }

    /// <summary>For tests of resuming: stop (throw) once the orders of this many customers are signed, as a run cut short would.</summary>
    public int? StopAfterCustomers { get; init; }

    private sealed record Resume(int Frontier, IReadOnlyList<int> Done, int CheckUpTo, Guid? FirstOrder);

    /// <summary>Where to carry on: the checkpoint when it belongs to this system (its first order is there), else check every customer when there are orders.</summary>
    private async Task<Resume> ResumePointAsync(string checkpointFile, int units)
    {
        if (File.Exists(checkpointFile) && File.ReadAllLines(checkpointFile) is [var head, .. var rest]
            && head.Split(' ', StringSplitOptions.TrimEntries) is [var count, var order]
            && int.TryParse(count, CultureInfo.InvariantCulture, out var frontier) && Guid.TryParse(order, out var orderId)
            && (await api.GetAsync(importer, $"/api/orders/{orderId}")).Status == System.Net.HttpStatusCode.OK)
        {
            var done = rest.FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToList() ?? [];
            // customers are taken in order, at most Parallelism at once: past the last one finished, those in flight
            var checkUpTo = Math.Max(frontier, done.DefaultIfEmpty(frontier).Max()) + size.Parallelism;
            Step($"orders: resuming with {frontier + done.Count} of {units} customers done (checkpoint {checkpointFile})");
            return new Resume(frontier, done, checkUpTo, orderId);
        }
        if (await AnyAsync("/api/orders?"))
        {
            Step("orders: there are orders but no checkpoint of this system: each customer is checked before its orders are signed");
            return new Resume(0, [], units, null);
        }
        return new Resume(0, [], -1, null);
    }
}
