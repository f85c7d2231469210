using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Simulator.Bench;

/// <summary>What one bench run measures and against what.</summary>
public sealed record BenchOptions(Uri Gateway, string AdminPassword, string DemoPassword)
{
    /// <summary>Direct service URLs (customers, sales, reporting ...): the same mix without the gateway. Empty: skipped.</summary>
    public IReadOnlyDictionary<string, Uri> Services { get; init; } = new Dictionary<string, Uri>();
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 8, 32];
    public int WriteSeconds { get; init; } = 10;
    public int PairUsers { get; init; } = 32;
    public int ReadSeconds { get; init; } = 5;
    public int ReadUsers { get; init; } = 4;
    public int LagWrites { get; init; } = 200;
    public double LagRate { get; init; } = 20;
    public string Branch { get; init; } = "bench";
    public string Search { get; init; } = "华信";
    /// <summary>Processes whose VmRSS is reported at the end: name -> pid (PostgreSQL: its children are added).</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes { get; init; } = [];
    public string? PgBench { get; init; }
    public (string Host, int Port, string User, string Password)? Postgres { get; init; }
    public string OutDir { get; init; } = Path.Combine(".crm", "bench");
}

/// <summary>
/// The whole-system benchmark, through the public API as a client would: a write mix at fixed
/// concurrency through the gateway and directly against the services, activity + stage change at 32
/// users, event-to-report lag under a steady write rate, read latency of lists, search and every report,
/// reporting's rebuild rate, resident memory of each process, and the pgbench baseline. One table.
/// </summary>
public sealed class SystemBench(BenchOptions options) : IDisposable
{
    /// <summary>Every report route of API.md (reports row): each is read in the run.</summary>
    public static readonly string[] ReportRoutes =
    [
        "customer-mix", "abc", "customers/{id}/transactions", "seasonal-index", "product-mix", "pipeline", "rep-activity",
        "follow-up-overdue", "collections", "service", "inactive-staff", "monthly",
    ];

    private static readonly string[] MixNames = ["register customer", "record activity", "change opportunity stage", "sign order", "record payment"];

    private readonly BenchTable table = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    { Timeout = TimeSpan.FromSeconds(100) };
    private string exec = "", admin = "";
    private Guid customer, product;
    private readonly List<Guid> opportunities = [], payOrders = [];
    private List<string> stages = [];

    public BenchTable Table => table;

    public void Dispose() => http.Dispose();

    public async Task<string> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        await SignInAsync();
        table.Header($"Run {started:yyyy-MM-dd HH:mm} UTC against {options.Gateway} (load generator on the same machine)");
        table.Header($"Machine: {Environment.ProcessorCount} cores, {Cpu()}, {MemoryGib()} GiB RAM, load average {Load()} at the start");
        table.Header($"Data: {await DataSizeAsync()}");
        table.Header($"Write mix, one request each in turn per user: {string.Join(", ", MixNames)}; {options.WriteSeconds} s per run; reads {options.ReadSeconds} s each with {options.ReadUsers} users");

        await SetUpAsync();
        foreach (var users in options.Concurrency) await MixAsync("gateway", users);
        if (options.Services.ContainsKey("customers") && options.Services.ContainsKey("sales"))
            foreach (var users in options.Concurrency) await MixAsync("direct", users);
        await PairAsync();
        await SignInAsync();
        await ReadsAsync();
        await LagAsync();
        await RebuildAsync();
        if (options.PgBench is { } pgbench && options.Postgres is { } pg)
            await new PgBench(pgbench, pg.Host, pg.Port, pg.User, pg.Password).RunAsync(table, options.Concurrency, options.WriteSeconds, Path.Combine(options.OutDir, "pgbench"));
        Memory();

        var markdown = table.ToMarkdown();
        Directory.CreateDirectory(options.OutDir);
        var file = Path.Combine(options.OutDir, $"bench-{started:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, markdown);
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "latest.md"), markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"[bench] results also in {file} and {Path.Combine(options.OutDir, "latest.md")}");
        return markdown;
    }

    // ------------------------------------------------------------------ setup

    private async Task SignInAsync()
    {
        admin = await TokenAsync("admin", options.AdminPassword);
        exec = await TokenAsync("exec", options.DemoPassword);
    }

    private async Task<string> TokenAsync(string username, string password)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = username, ["password"] = password });
        using var response = await http.PostAsync(new Uri(options.Gateway, "/connect/token"), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return body?["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"sign-in as {username} answered {(int)response.StatusCode}");
    }

    private async Task<string> DataSizeAsync()
    {
        var mix = await SendAsync(HttpMethod.Get, options.Gateway, "/api/reports/customer-mix", exec, null);
        var customers = mix.Body?["items"]?.AsArray().Sum(i => i?["customers"]?.GetValue<long>() ?? 0) ?? 0;
        return $"{customers.ToString(CultureInfo.InvariantCulture)} active customers (customer-mix) when the run started";
    }

    private async Task SetUpAsync()
    {
        var opened = await SendAsync(HttpMethod.Post, options.Gateway, "/api/branches", admin, new { code = options.Branch, name = "Benchmark branch" });
        if (opened.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict)) throw Fail("opening the bench branch", opened);
        // Services hear of a new branch, and sales of a new customer, a moment later: retry until they have.
        customer = (await UntilCreatedAsync("registering the bench customer", () => SendAsync(HttpMethod.Post, options.Gateway, "/api/customers?allowDuplicate=true", exec,
            new { name = $"Bench customer {Guid.NewGuid():N}"[..30], branch = options.Branch, category = "other" }))).Id;
        var added = await SendAsync(HttpMethod.Post, options.Gateway, "/api/products", exec,
            new { code = "BENCH-01", name = "Bench product", category = "bench", listPrice = new { amount = 100m, currency = "CNY" } });
        if (added.Status == HttpStatusCode.Created) product = added.Id;
        else
        {
            var list = await SendAsync(HttpMethod.Get, options.Gateway, "/api/products?limit=500", exec, null);
            product = list.Body?["items"]?.AsArray().Where(p => p?["code"]?.GetValue<string>() == "BENCH-01").Select(p => Guid.Parse(p!["id"]!.GetValue<string>())).FirstOrDefault()
                ?? throw Fail("adding the bench product", added);
        }
        var stageList = await SendAsync(HttpMethod.Get, options.Gateway, "/api/pipeline/stages", exec, null);
        stages = stageList.Body?["stages"]?.AsArray().Select(s => s is JsonObject o ? o["name"]!.GetValue<string>() : s!.GetValue<string>())
            .Where(s => s is not ("won" or "lost")).ToList() ?? [];
        if (stages.Count < 2) throw new InvalidOperationException("the pipeline has fewer than two open stages");
        var users = options.Concurrency.Append(options.PairUsers).Max();
        for (var i = 0; i < users; i++)
        {
            opportunities.Add((await UntilCreatedAsync("opening a bench opportunity", () => SendAsync(HttpMethod.Post, options.Gateway, "/api/opportunities", exec, new
            {
                customerId = customer, branch = options.Branch, name = $"Bench opportunity {i + 1}", amount = new { amount = 1000m, currency = "CNY" },
                expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)), products = new[] { product }, stage = stages[0],
            }))).Id);
            payOrders.Add((await UntilCreatedAsync("signing a bench order", () => SendAsync(HttpMethod.Post, options.Gateway, "/api/orders", exec,
                new { customerId = customer, branch = options.Branch, lines = new[] { new { productId = product, quantity = 1_000_000m, unitPrice = 100m } } }))).Id);
        }
        Console.WriteLine($"[bench] set up: branch {options.Branch}, customer {customer}, {opportunities.Count} opportunities and orders to work on");
    }

    private static async Task<Answer> UntilCreatedAsync(string what, Func<Task<Answer>> attempt)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await attempt();
            if (answer.Status == HttpStatusCode.Created) return answer;
            if (clock.Elapsed > TimeSpan.FromSeconds(90)) throw Fail(what, answer);
            await Task.Delay(500);
        }
    }

    // ------------------------------------------------------------------ writes

    private Uri Target(string target, string service) => target == "gateway" ? options.Gateway : options.Services[service];

    private async Task<bool> MixOperationAsync(string target, int worker, long n, int[] stageOf)
    {
        switch (n % MixNames.Length)
        {
            case 0:
                return (await SendAsync(HttpMethod.Post, Target(target, "customers"), "/api/customers?allowDuplicate=true", exec,
                    new { name = $"Bench customer {worker}-{n}-{Guid.NewGuid():N}"[..40], branch = options.Branch, category = "other" })).Ok;
            case 1:
                return await ActivityAsync(target);
            case 2:
                return await StageAsync(target, worker, stageOf);
            case 3:
                return (await SendAsync(HttpMethod.Post, Target(target, "sales"), "/api/orders", exec,
                    new { customerId = customer, branch = options.Branch, lines = new[] { new { productId = product, quantity = 1m, unitPrice = 100m } } })).Ok;
            default:
                return (await SendAsync(HttpMethod.Post, Target(target, "sales"), $"/api/orders/{payOrders[worker]}/payments", exec,
                    new { amount = 1m, reference = "bench" })).Ok;
        }
    }

    private async Task<bool> ActivityAsync(string target) =>
        (await SendAsync(HttpMethod.Post, Target(target, "sales"), "/api/activities", exec, new
        {
            kind = "call", regarding = new { type = "customer", id = customer }, subject = "Bench call", dueAt = DateTimeOffset.UtcNow.AddDays(1), branch = options.Branch,
        })).Ok;

    private async Task<bool> StageAsync(string target, int worker, int[] stageOf)
    {
        // Each user moves its own opportunity back and forth between the first two stages.
        var next = stageOf[worker] == 0 ? 1 : 0;
        var ok = (await SendAsync(HttpMethod.Post, Target(target, "sales"), $"/api/opportunities/{opportunities[worker]}/stage", exec, new { stage = stages[next] })).Ok;
        if (ok) stageOf[worker] = next;
        return ok;
    }

    private async Task MixAsync(string target, int users)
    {
        var stageOf = await CurrentStagesAsync();
        var where = target == "gateway" ? $"via the gateway {options.Gateway}" : "directly to customers and sales";
        await LoadAsync($"Write mix {(target == "gateway" ? "via gateway" : "direct to services")}, {users} users",
            $"Crm.Simulator bench: POST customers, activities, opportunities/{{id}}/stage, orders, orders/{{id}}/payments {where}, {users} users, {options.WriteSeconds} s",
            users, options.WriteSeconds, (w, n) => MixOperationAsync(target, w, n, stageOf));
    }

    private async Task PairAsync()
    {
        var stageOf = await CurrentStagesAsync();
        await LoadAsync($"Record activity + change stage via gateway, {options.PairUsers} users",
            $"Crm.Simulator bench: POST /api/activities and /api/opportunities/{{id}}/stage in turn via the gateway, {options.PairUsers} users, {options.WriteSeconds} s",
            options.PairUsers, options.WriteSeconds, (w, n) => n % 2 == 0 ? ActivityAsync("gateway") : StageAsync("gateway", w, stageOf));
    }

    private async Task<int[]> CurrentStagesAsync()
    {
        var result = new int[opportunities.Count];
        for (var i = 0; i < opportunities.Count; i++)
        {
            var o = await SendAsync(HttpMethod.Get, options.Gateway, $"/api/opportunities/{opportunities[i]}", exec, null);
            result[i] = o.Body?["stage"]?.GetValue<string>() == stages[1] ? 1 : 0;
        }
        return result;
    }

    private async Task LoadAsync(string figure, string command, int users, int seconds, Func<int, long, Task<bool>> operation)
    {
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, users).Select(async worker =>
        {
            for (long n = worker; clock.Elapsed < until; n++)
            {
                var one = Stopwatch.StartNew();
                bool ok;
                try { ok = await operation(worker, n); }
                catch (HttpRequestException) { ok = false; }
                catch (TaskCanceledException) { ok = false; }
                latencies.Record(one.Elapsed.TotalMilliseconds, ok);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        table.Add(new BenchRow(figure, command, (latencies.Ok + latencies.Errors) / elapsed, "req/s",
            latencies.Percentile(50), latencies.Percentile(95), latencies.Percentile(99), latencies.Ok, latencies.Errors));
    }

    // ------------------------------------------------------------------ reads

    private async Task ReadsAsync()
    {
        var abc = await SendAsync(HttpMethod.Get, options.Gateway, "/api/reports/abc", exec, null);
        var heaviest = abc.Body?["items"]?.AsArray().Select(i => i?["customerId"]?.GetValue<string>()).FirstOrDefault(i => i is not null) ?? customer.ToString();
        var lastMonth = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var reads = new List<(string Figure, string Path)>
        {
            ("Read: customer list", "/api/customers?limit=50"),
            ("Read: customer search", $"/api/customers?search={Uri.EscapeDataString(options.Search)}&limit=50"),
        };
        foreach (var route in ReportRoutes)
        {
            var path = route switch
            {
                "customers/{id}/transactions" => $"/api/reports/customers/{heaviest}/transactions",
                "monthly" => $"/api/reports/monthly?month={lastMonth}",
                _ => $"/api/reports/{route}",
            };
            reads.Add(($"Read: report {route}", path));
        }
        foreach (var (figure, path) in reads)
        {
            var probe = await SendAsync(HttpMethod.Get, options.Gateway, path, exec, null);
            var note = probe.Ok ? "" : $"answers {(int)probe.Status}";
            await LoadAsync(figure, $"Crm.Simulator bench: GET {path} via the gateway, {options.ReadUsers} users, {options.ReadSeconds} s",
                options.ReadUsers, options.ReadSeconds, async (_, _) => (await SendAsync(HttpMethod.Get, options.Gateway, path, exec, null)).Ok);
            if (note.Length > 0) table.NoteLast(note);
        }
    }

    // ------------------------------------------------------------------ lag

    /// <summary>
    /// Customers registered at a steady rate in a branch of their own; customer-mix of that branch is
    /// polled, and when it counts k customers the k earliest 201s are taken as visible: each write's
    /// lag is from its 201 to the first poll that shows it.
    /// </summary>
    private async Task LagAsync()
    {
        var branch = $"lag-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var opened = await SendAsync(HttpMethod.Post, options.Gateway, "/api/branches", admin, new { code = branch, name = "Benchmark lag branch" });
        if (opened.Status != HttpStatusCode.Created) throw Fail("opening the lag branch", opened);
        await UntilCreatedAsync("the first lag customer", () => SendAsync(HttpMethod.Post, options.Gateway, "/api/customers?allowDuplicate=true", exec,
            new { name = "Lag customer 0", branch, category = "other" }));
        var clock = Stopwatch.StartNew();
        // The first customer is written before the clock: wait until the report counts it.
        while (await CountAsync(branch) < 1 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);

        var created = new List<double>();
        var errors = 0;
        var writes = new List<Task>();
        clock.Restart();
        // The writer keeps its rate on its own task; the report is polled meanwhile, from the first write on.
        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= options.LagWrites; i++)
            {
                var due = TimeSpan.FromSeconds((i - 1) / options.LagRate);
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
                var n = i;
                var write = Task.Run(async () =>
                {
                    var answer = await SendAsync(HttpMethod.Post, options.Gateway, "/api/customers?allowDuplicate=true", exec, new { name = $"Lag customer {n}", branch, category = "other" });
                    lock (created) { if (answer.Ok) created.Add(clock.Elapsed.TotalMilliseconds); else errors++; }
                });
                lock (writes) writes.Add(write);
            }
        });
        var lags = new List<double>();
        var visible = 0;
        var polls = 0;
        var pollMs = 0.0;
        var deadline = TimeSpan.FromSeconds(options.LagWrites / options.LagRate + 120);
        while (clock.Elapsed < deadline)
        {
            var asked = clock.Elapsed.TotalMilliseconds;
            var count = await CountAsync(branch) - 1;
            polls++;
            pollMs += clock.Elapsed.TotalMilliseconds - asked;
            var now = clock.Elapsed.TotalMilliseconds;
            List<double> ordered;
            lock (created) ordered = created.Order().ToList();
            for (; visible < Math.Min(count, ordered.Count); visible++) lags.Add(Math.Max(0, now - ordered[visible]));
            bool done;
            lock (writes) done = writer.IsCompleted && writes.All(w => w.IsCompleted);
            if (done && visible >= ordered.Count) break;
            await Task.Delay(20);
        }
        await writer;
        await Task.WhenAll(writes);
        var rate = options.LagWrites / Math.Max(0.001, options.LagWrites / options.LagRate);
        table.Add(new BenchRow("Event-to-report lag (customer registered -> customer-mix)",
            $"Crm.Simulator bench: POST /api/customers at {options.LagRate.ToString(CultureInfo.InvariantCulture)}/s x {options.LagWrites} via the gateway; GET /api/reports/customer-mix?branch={branch} polled every 20 ms",
            rate, "writes/s", Latencies.Percentile(lags, 50), Latencies.Percentile(lags, 95), Latencies.Percentile(lags, 99), lags.Count, errors + (created.Count - lags.Count),
            string.Create(CultureInfo.InvariantCulture, $"{polls} polls of {pollMs / Math.Max(1, polls):F0} ms each (the resolution); unseen writes count as errors")));
    }

    private async Task<long> CountAsync(string branch)
    {
        var mix = await SendAsync(HttpMethod.Get, options.Gateway, $"/api/reports/customer-mix?branch={branch}", exec, null);
        return mix.Body?["items"]?.AsArray().Sum(i => i?["customers"]?.GetValue<long>() ?? 0) ?? 0;
    }

    // ------------------------------------------------------------------ rebuild, memory

    private async Task RebuildAsync()
    {
        // Started without waiting (a large rebuild outlasts the gateway's request timeout), then followed on GET until done.
        var clock = Stopwatch.StartNew();
        var answer = await SendAsync(HttpMethod.Post, options.Gateway, "/api/reports/rebuild?wait=false", admin, new { });
        const string command = "Crm.Simulator bench: POST /api/reports/rebuild?wait=false, then GET /api/reports/rebuild until completed, via the gateway (system-admin)";
        while (answer.Ok && answer.Body?["status"]?.GetValue<string>() == "running" && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            answer = await SendAsync(HttpMethod.Get, options.Gateway, "/api/reports/rebuild", admin, null);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (!answer.Ok || answer.Body?["status"]?.GetValue<string>() != "completed" || answer.Body?["done"] is not JsonArray projections)
        {
            table.Add(new BenchRow("Reporting rebuild", command, Errors: 1,
                Note: $"answered {(int)answer.Status} {answer.Body?["status"]?.GetValue<string>()} {answer.Body?["error"]?.GetValue<string>()}".TrimEnd()));
            return;
        }
        var stored = answer.Body?["storedEvents"]?.GetValue<long>() ?? 0;
        var folded = projections.Sum(p => p?["events"]?.GetValue<long>() ?? 0);
        var rates = projections.Select(p => p?["eventsPerSecond"]?.GetValue<double>() ?? 0).Where(r => r > 0).DefaultIfEmpty(0).ToList();
        table.Add(new BenchRow("Reporting rebuild", command, stored / Math.Max(seconds, 0.001), "events/s", Ok: projections.Count, Errors: 0,
            Note: string.Create(CultureInfo.InvariantCulture,
                $"{stored} stored events rebuilt into {projections.Count} projections in {seconds:F1} s ({folded} folds: each projection reads only its kinds of event); per projection {BenchTable.Number(rates.Min())}-{BenchTable.Number(rates.Max())} events/s")));
    }

    private void Memory()
    {
        foreach (var (name, pid) in options.Processes)
        {
            var own = Processes.ResidentKib(pid);
            var command = $"VmRSS from /proc/{pid}/status";
            if (own is null) { table.Add(new BenchRow($"Memory: {name}", command, Note: "process not running")); continue; }
            var kib = own.Value;
            var note = "";
            if (name == "postgres")
            {
                // Every backend maps the shared buffers: count them once, plus each process's own memory.
                var all = Processes.Children(pid).Prepend(pid).ToList();
                var shared = all.Select(p => Processes.SharedKib(p) ?? 0).DefaultIfEmpty(0).Max();
                kib = all.Sum(p => Math.Max(0, (Processes.ResidentKib(p) ?? 0) - (Processes.SharedKib(p) ?? 0))) + shared;
                command = $"VmRSS - RssShmem of /proc/{pid} and its children, + the largest RssShmem once";
                note = $"{all.Count} processes (postmaster and backends)";
            }
            table.Add(new BenchRow($"Memory: {name}", command, kib / 1024.0, "MiB RSS", Note: note));
        }
    }

    // ------------------------------------------------------------------ HTTP

    private sealed record Answer(HttpStatusCode Status, JsonNode? Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
        public Guid Id => Guid.Parse(Body!["id"]!.GetValue<string>());
    }

    private async Task<Answer> SendAsync(HttpMethod method, Uri baseUri, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            try { parsed = JsonNode.Parse(text); } catch (JsonException) { }
        }
        return new Answer(response.StatusCode, parsed);
    }

    private static InvalidOperationException Fail(string what, Answer answer) =>
        new($"{what}: answered {(int)answer.Status}: {Trim(answer.Body?.ToJsonString())}");

    private static string Trim(string? text) => text is null ? "" : text[..Math.Min(400, text.Length)];

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU" : "unknown CPU";

    private static string MemoryGib()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null ? "?" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
