using System.Globalization;
using Crm.Simulator;
using Crm.Simulator.Bench;
using Crm.Simulator.Faults;

const string Usage = """
usage: Crm.Simulator seed --gateway URL --admin-password P --demo-password P [--size small|large] [--scale 0.01] [--seed N] [--client-file PATH]
       Crm.Simulator baseline --pgbench PATH --pg-port N [--pg-host H --pg-user U --pg-password P] [--concurrency 1,8,32] [--seconds 10] [--out DIR]
       Crm.Simulator bench --gateway URL --admin-password P --demo-password P [--services customers=URL,sales=URL,...]
                           [--processes name=pid,...] [--concurrency 1,8,32] [--seconds 10] [--pair-users 32]
                           [--read-seconds 5] [--read-users 4] [--lag-writes 200] [--lag-rate 20] [--branch bench] [--search TEXT]
                           [--pgbench PATH --pg-host H --pg-port N --pg-user U --pg-password P] [--out DIR]
       Crm.Simulator faults --gateway URL --admin-password P --demo-password P --crm PATH/deploy/crm --state DIR
                            [--rabbit-management http://USER:PASS@HOST:PORT] [--rate 20] [--workers 4] [--outage-seconds 60]
                            [--lead-seconds 5] [--trail-seconds 5] [--catch-up-seconds 180] [--budget-seconds 400] [--only a,b,c,d]
""";

if (args.Length == 0 || args[0] is not ("seed" or "bench" or "baseline" or "faults"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var command = args[0];
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{command}: option {args[i]} needs a value");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}

string? Option(string name, string? fallback = null) => options.TryGetValue(name, out var v) ? v : fallback;
var gateway = Option("gateway", Environment.GetEnvironmentVariable("CRM_GATEWAY_URL") ?? "http://localhost:8080")!;
var adminPassword = Option("admin-password", Environment.GetEnvironmentVariable("CRM_ADMIN_PASSWORD"));
if (command == "baseline") return await BaselineAsync();
var demoPassword = Option("demo-password", Environment.GetEnvironmentVariable("CRM_DEMO_PASSWORD") ?? "demo-Passw0rd!")!;
if (adminPassword is null) { Console.Error.WriteLine($"{command}: --admin-password is required"); return 2; }

try
{
    if (command == "bench") return await BenchAsync();
    if (command == "faults") return await FaultsAsync();
    var sizeName = Option("size", "small")!;
    if (SeedSize.Parse(sizeName) is not { } size) { Console.Error.WriteLine("seed: --size is small or large"); return 2; }
    if (!int.TryParse(Option("seed", "42"), out var seed)) { Console.Error.WriteLine("seed: --seed is a number"); return 2; }
    if (!double.TryParse(Option("scale", "1"), CultureInfo.InvariantCulture, out var scale) || scale is <= 0 or > 1) { Console.Error.WriteLine("seed: --scale is a fraction in (0, 1]"); return 2; }
    size = size.Scaled(scale);
    var clientFile = Option("client-file", Path.Combine(".crm", "simulator-client"))!;

    using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(120) };
    var seeder = new Seeder(new Api(http), size, seed, adminPassword, demoPassword, clientFile);
    await seeder.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FormatException or HttpRequestException)
{
    Console.Error.WriteLine($"[sim] error: {e.Message}");
    return 1;
}

// Only the pgbench baseline (PostgreSQL alone), as printed in bench's table.
async Task<int> BaselineAsync()
{
    if (Option("pgbench") is not { } pgbench || Option("pg-port") is not { } pgPort) { Console.Error.WriteLine("baseline: --pgbench and --pg-port are required"); return 2; }
    var table = new BenchTable();
    await new PgBench(pgbench, Option("pg-host", "127.0.0.1")!, int.Parse(pgPort, CultureInfo.InvariantCulture), Option("pg-user", "postgres")!, Option("pg-password", "")!)
        .RunAsync(table, [.. (Option("concurrency", "1,8,32")!).Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            int.Parse(Option("seconds", "10")!, CultureInfo.InvariantCulture), Path.Combine(Option("out", Path.Combine(".crm", "bench"))!, "pgbench"));
    Console.WriteLine(table.ToMarkdown());
    return 0;
}

async Task<int> BenchAsync()
{
    static IEnumerable<(string Key, string Value)> Pairs(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]));
    int Int(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);

    var bench = new BenchOptions(new Uri(gateway), adminPassword, demoPassword)
    {
        Services = Pairs(Option("services")).ToDictionary(p => p.Key, p => new Uri(p.Value)),
        Processes = [.. Pairs(Option("processes")).Select(p => (p.Key, int.Parse(p.Value, CultureInfo.InvariantCulture)))],
        Concurrency = [.. (Option("concurrency", "1,8,32")!).Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
        WriteSeconds = Int("seconds", 10),
        PairUsers = Int("pair-users", 32),
        ReadSeconds = Int("read-seconds", 5),
        ReadUsers = Int("read-users", 4),
        LagWrites = Int("lag-writes", 200),
        LagRate = double.Parse(Option("lag-rate", "20")!, CultureInfo.InvariantCulture),
        Branch = Option("branch", "bench")!,
        Search = Option("search", "华信")!,
        PgBench = Option("pgbench"),
        Postgres = Option("pg-port") is { } pgPort
            ? (Option("pg-host", "127.0.0.1")!, int.Parse(pgPort, CultureInfo.InvariantCulture), Option("pg-user", "postgres")!, Option("pg-password", "")!)
            : null,
        OutDir = Option("out", Path.Combine(".crm", "bench"))!,
    };
    using var run = new SystemBench(bench);
    await run.RunAsync();
    return 0;
}

async Task<int> FaultsAsync()
{
    int Int(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);
    if (Option("crm") is not { } crm || Option("state") is not { } state) { Console.Error.WriteLine("faults: --crm and --state are required"); return 2; }
    var faults = new FaultOptions(new Uri(gateway), adminPassword, demoPassword)
    {
        CrmScript = crm,
        StateDir = state,
        RabbitManagement = new Uri(Option("rabbit-management", "http://crm:crm@127.0.0.1:15682")!),
        WritesPerSecond = double.Parse(Option("rate", "20")!, CultureInfo.InvariantCulture),
        Workers = Int("workers", 4),
        OutageSeconds = Int("outage-seconds", 60),
        LeadSeconds = Int("lead-seconds", 5),
        TrailSeconds = Int("trail-seconds", 5),
        CatchUpSeconds = Int("catch-up-seconds", 180),
        BudgetSeconds = Int("budget-seconds", 400),
        Only = (Option("only", "")!).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
    };
    using var suite = new FaultSuite(faults);
    return await suite.RunAsync();
}
