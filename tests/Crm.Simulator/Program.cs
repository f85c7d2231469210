using Crm.Simulator;

// Usage: Crm.Simulator seed --gateway URL --admin-password P --demo-password P [--size small|large] [--seed N] [--client-file PATH]
if (args.Length == 0 || args[0] != "seed")
{
    Console.Error.WriteLine("usage: Crm.Simulator seed --gateway URL --admin-password P --demo-password P [--size small|large] [--seed N] [--client-file PATH]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"seed: option {args[i]} needs a value");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}

string? Option(string name, string? fallback = null) => options.TryGetValue(name, out var v) ? v : fallback;
var gateway = Option("gateway", Environment.GetEnvironmentVariable("CRM_GATEWAY_URL") ?? "http://localhost:8080")!;
var adminPassword = Option("admin-password", Environment.GetEnvironmentVariable("CRM_ADMIN_PASSWORD"));
var demoPassword = Option("demo-password", Environment.GetEnvironmentVariable("CRM_DEMO_PASSWORD") ?? "demo-Passw0rd!")!;
var sizeName = Option("size", "small")!;
if (adminPassword is null) { Console.Error.WriteLine("seed: --admin-password is required"); return 2; }
if (SeedSize.Parse(sizeName) is not { } size) { Console.Error.WriteLine("seed: --size is small or large"); return 2; }
if (!int.TryParse(Option("seed", "42"), out var seed)) { Console.Error.WriteLine("seed: --seed is a number"); return 2; }
var clientFile = Option("client-file", Path.Combine(".crm", "simulator-client"))!;

using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(60) };
var seeder = new Seeder(new Api(http), size, seed, adminPassword, demoPassword, clientFile);
try
{
    await seeder.RunAsync();
    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"[sim] error: {e.Message}");
    return 1;
}
