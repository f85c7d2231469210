using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Crm.Simulator.Bench;

/// <summary>
/// The baseline: PostgreSQL alone, pgbench inserting one JSON row per transaction into a table of its
/// own database, on the same server and at the same concurrency levels as the write mix.
/// </summary>
public sealed partial class PgBench(string pgbench, string host, int port, string user, string password)
{
    private const string Database = "crm_bench_baseline";
    private string Tool(string name) => Path.Combine(Path.GetDirectoryName(pgbench)!, name);

    public async Task RunAsync(BenchTable table, IReadOnlyList<int> concurrency, int seconds, string workDir)
    {
        Directory.CreateDirectory(workDir);
        await PsqlAsync("postgres", $"DROP DATABASE IF EXISTS {Database}");
        await PsqlAsync("postgres", $"CREATE DATABASE {Database}");
        try
        {
            await PsqlAsync(Database, "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body jsonb NOT NULL)");
            var script = Path.Combine(workDir, "insert-json.sql");
            await File.WriteAllTextAsync(script,
                "INSERT INTO bench_rows (body) VALUES ('{\"name\": \"Bench customer\", \"branch\": \"bench\", \"category\": \"other\", \"grade\": \"normal\", \"phones\": [\"+86 139 0000 0000\"]}'::jsonb);\n");
            foreach (var c in concurrency)
            {
                var prefix = Path.Combine(workDir, $"pgbench-c{c}");
                foreach (var old in Directory.GetFiles(workDir, $"pgbench-c{c}.*")) File.Delete(old);
                var threads = Math.Min(c, Environment.ProcessorCount);
                var args = $"-n -c {c} -j {threads} -T {seconds} -f {script} -l --log-prefix={prefix} -h {host} -p {port} -U {user} {Database}";
                var (code, output) = await RunAsync(pgbench, args);
                var command = $"pgbench -n -c {c} -j {threads} -T {seconds} -f insert-json.sql (one jsonb row per transaction)";
                if (code != 0) { table.Add(new BenchRow($"pgbench baseline, {c} clients", command, Note: $"failed: {Last(output)}")); continue; }
                var latencies = new List<double>();
                foreach (var log in Directory.GetFiles(workDir, $"pgbench-c{c}.*"))
                    foreach (var line in File.ReadLines(log))
                    {
                        var f = line.Split(' ');
                        if (f.Length > 2 && double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var us)) latencies.Add(us / 1000.0);
                    }
                var tps = TpsLine().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (double?)null;
                var failed = FailedLine().Match(output) is { Success: true } f2 ? long.Parse(f2.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                table.Add(new BenchRow($"pgbench baseline, {c} clients", command, tps, "tx/s",
                    Latencies.Percentile(latencies, 50), Latencies.Percentile(latencies, 95), Latencies.Percentile(latencies, 99), latencies.Count, failed));
            }
        }
        finally
        {
            await PsqlAsync("postgres", $"DROP DATABASE IF EXISTS {Database}");
        }
    }

    private async Task PsqlAsync(string database, string sql)
    {
        var (code, output) = await RunAsync(Tool("psql"), $"-X -q -v ON_ERROR_STOP=1 -h {host} -p {port} -U {user} -d {database} -c \"{sql}\"");
        if (code != 0) throw new InvalidOperationException($"psql: {sql}: {Last(output)}");
    }

    private async Task<(int Code, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Last(string output) => output.Trim().Split('\n').LastOrDefault() ?? "";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();
}
