using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bogus;

namespace Crm.Simulator;

/// <summary>
/// The large size: customers through the CSV import (chunks under the gateway's 1 MiB body limit; a
/// row's id comes from its content, so sending a chunk again adds nothing) and orders, with their
/// payments, through the order import in batches (an order's id comes from its place in the plan, so
/// sending a batch again adds nothing), with a checkpoint file so that a run cut short resumes where
/// it stopped.
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

    private sealed record OrderPlan(Guid Id, Customer Customer, DateTimeOffset SignedAt, object[] Lines, int LineCount, decimal Amount, int Payments, int FirstDays, decimal Split);

    /// <summary>
    /// An order's id from its place in the plan, the size and the seed (a version 8 UUID of their hash), so
    /// that a run resumed or repeated sends the same order under the same id and the import stores it once.
    /// </summary>
    private Guid PlannedOrderId(int n)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"crm-simulator/{size.Name}/{seed}/order/{n}")));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The order as POST /api/orders/import takes it, with the payments <see cref="SignAsync"/> would record one by one.</summary>
    private object ImportedOrder(OrderPlan o)
    {
        var first = Min(o.SignedAt.AddDays(o.FirstDays), now.AddMinutes(-30));
        object[] payments = o.Payments == 0 ? []
            : o.Payments == 1 || o.Amount - o.Split <= 0 ? [new { amount = o.Payments == 1 ? o.Split : o.Amount, receivedAt = first, reference = "bank transfer" }]
            : [new { amount = o.Split, receivedAt = first, reference = "deposit" }, new { amount = o.Amount - o.Split, receivedAt = Min(first.AddDays(20), now.AddMinutes(-20)), reference = "balance" }];
        return new { id = o.Id, customerId = o.Customer.Id, branch = o.Customer.Branch.Code, ownerId = o.Customer.Owner, signedAt = o.SignedAt, lines = o.Lines, payments };
    }

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
            var plan = new OrderPlan(PlannedOrderId(n), customer, signedAt, [.. picked.Select(l => (object)new { productId = l.p.Id, l.quantity, l.unitPrice })], picked.Count, amount,
                payments, 5 + random.Next(40), decimal.Round(amount * (decimal)(0.3 + random.NextDouble() * 0.4), 2));
            if (!plans.TryGetValue(index, out var list)) plans[index] = list = [];
            list.Add(plan);
            lines += picked.Count;
        }
        var units = plans.OrderBy(p => p.Key).Select(p => (Customer: customers[p.Key], Orders: p.Value)).ToList();
        var top = units.Select(u => u.Orders.Sum(o => o.Amount)).OrderDescending().Take(Math.Max(1, customers.Count / 5)).Sum()
            / Math.Max(1, units.Sum(u => u.Orders.Sum(o => o.Amount)));
        Step($"orders: {size.Orders} with {lines} lines planned for {units.Count} of {customers.Count} customers; the top fifth of customers hold {top:P0} of sales");

        // Customer by customer, in batches for the order import. Each order keeps its planned id, so a batch
        // sent again (a resumed run, or one whose answer was lost) stores nothing twice: its orders come
        // back as already imported. The checkpoint names the batches done (every one below its frontier,
        // and those finished out of order above it) so that a resumed run need not send them again.
        var batches = units.SelectMany(u => u.Orders).Chunk(size.OrdersPerBatch).ToList();
        var checkpointFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(clientFile))!, $"simulator-order-batches-{size.Name}-{seed.ToString(CultureInfo.InvariantCulture)}");
        var resume = await ResumePointAsync(checkpointFile, batches.Count);
        var done = new bool[batches.Count];
        foreach (var b in resume.Done.Where(b => b < batches.Count)) done[b] = true;
        for (var i = 0; i < Math.Min(resume.Frontier, batches.Count); i++) done[i] = true;
        var frontier = Math.Min(resume.Frontier, batches.Count);
        var gate = new object();
        var progress = new Progress("orders", size.Orders, batches.Where((_, i) => done[i]).Sum(b => b.Length));
        var lineProgress = batches.Where((_, i) => done[i]).Sum(b => (long)b.Sum(o => o.LineCount));
        long linesSent = 0;
        int imported = 0, already = 0, finished = 0;
        Guid? firstOrder = resume.FirstOrder;
        void Save() => File.WriteAllText(checkpointFile,
            $"{frontier} {firstOrder}\n{string.Join(',', Enumerable.Range(frontier, batches.Count - frontier).Where(i => done[i]))}\n");
        await Parallel.ForEachAsync(Enumerable.Range(frontier, batches.Count - frontier).Where(b => !done[b]), new ParallelOptions { MaxDegreeOfParallelism = size.Parallelism }, async (b, _) =>
        {
            await FreshTokensAsync();
            var (news, olds) = await ImportOrdersAsync(batches[b]);
            Interlocked.Add(ref imported, news);
            Interlocked.Add(ref already, olds);
            Interlocked.Add(ref linesSent, batches[b].Sum(o => o.LineCount));
            progress.Advance(batches[b].Length);
            lock (gate)
            {
                firstOrder ??= batches[b][0].Id;
                done[b] = true;
                while (frontier < done.Length && done[frontier]) frontier++;
                Save();
                if (++finished == StopAfterBatches) throw new OperationCanceledException($"stopped after {finished} batches of orders, as asked");
            }
        });
        lock (gate) Save();
        var rate = progress.Finish();
        Step($"orders: {size.Orders} in {batches.Count} batches of up to {size.OrdersPerBatch} (resumed with {resume.Frontier} batches done; {imported} imported now, "
            + $"{already} found already imported), {rate}, {linesSent} order lines sent ({lineProgress} skipped by the checkpoint; "
            + $"{replicaWaits} times a batch waited 2 s for customers to reach sales)");
    }

    /// <summary>
    /// One batch through POST /api/orders/import; every order must end up stored. A batch too big for the
    /// gateway's body limit goes in halves. Customers imported a moment ago may not have reached sales yet:
    /// a batch refused only for customers it has not heard of is sent again shortly (what is in stays in).
    /// </summary>
    private async Task<(int Imported, int Already)> ImportOrdersAsync(OrderPlan[] batch)
    {
        var body = new { orders = batch.Select(ImportedOrder).ToArray() };
        if (batch.Length > 1 && JsonSerializer.SerializeToUtf8Bytes(body, Json.Options).Length > MaxBatchBytes)
        {
            var (a, b) = (await ImportOrdersAsync(batch[..(batch.Length / 2)]), await ImportOrdersAsync(batch[(batch.Length / 2)..]));
            return (a.Imported + b.Imported, a.Already + b.Already);
        }
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var imported = 0; // over the attempts: what one attempt stored, the next finds already imported
        while (true)
        {
            var answer = await api.MustPostAsync(importer, "/api/orders/import", body);
            imported += answer.Body!["imported"]!.GetValue<int>();
            var errors = answer.Body!["errors"]!.AsArray();
            if (errors.Count == 0)
                return answer.Body!["ids"]!.AsArray().Count == batch.Length ? (imported, batch.Length - imported)
                    : throw new InvalidOperationException($"the order import stored {answer.Body!["ids"]!.AsArray().Count} of {batch.Length} orders and reported no error");
            var onlyUnknownCustomers = errors.All(e => e!["errors"]!.AsObject().Select(f => f.Key).SequenceEqual(["customerId"]));
            if (!onlyUnknownCustomers || waited.Elapsed > ReplicaPatience)
                throw new InvalidOperationException($"the order import refused {errors.Count} of {batch.Length} orders, first: {errors[0]!.ToJsonString()}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Interlocked.Increment(ref replicaWaits);
        }
    }

    /// <summary>Batches sent again because sales had not heard of some of their customers yet.</summary>
    private int replicaWaits;

    /// <summary>Under the gateway's 1 MiB request body limit, with room for headers.</summary>
    private const int MaxBatchBytes = 900_000;

    /// <summary>How long a batch waits for customers imported a moment ago to reach sales.</summary>
    private static readonly TimeSpan ReplicaPatience = TimeSpan.FromMinutes(5);

    /// <summary>For tests of resuming: stop (throw) once this many batches of orders are in, as a run cut short would.</summary>
    public int? StopAfterBatches { get; init; }

    private sealed record Resume(int Frontier, IReadOnlyList<int> Done, Guid? FirstOrder);

    /// <summary>Where to carry on: the checkpoint when it belongs to this system (its first order is there), else from the start.</summary>
    private async Task<Resume> ResumePointAsync(string checkpointFile, int batches)
    {
        if (File.Exists(checkpointFile) && File.ReadAllLines(checkpointFile) is [var head, .. var rest]
            && head.Split(' ', StringSplitOptions.TrimEntries) is [var count, var order]
            && int.TryParse(count, CultureInfo.InvariantCulture, out var frontier) && Guid.TryParse(order, out var orderId)
            && (await api.GetAsync(importer, $"/api/orders/{orderId}")).Status == System.Net.HttpStatusCode.OK)
        {
            var done = rest.FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToList() ?? [];
            Step($"orders: resuming with {frontier + done.Count} of {batches} batches done (checkpoint {checkpointFile})");
            return new Resume(frontier, done, orderId);
        }
        if (await AnyAsync("/api/orders?"))
            Step("orders: there are orders but no checkpoint of this system: every batch is sent, and orders already in come back as already imported");
        return new Resume(0, [], null);
    }
}
