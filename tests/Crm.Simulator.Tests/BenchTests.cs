using System.Globalization;
using Crm.EndToEnd.Tests;
using Crm.Simulator.Bench;
using Crm.Testing;
using Npgsql;

namespace Crm.Simulator.Tests;

/// <summary>A short bench run against the whole system prints every figure it promises (no timing is asserted).</summary>
[Collection(SimulatorCollection.Name)]
public class BenchTests(SystemWithStaff fixture)
{
    [Fact]
    public async Task A_short_bench_run_prints_every_figure_in_one_table_and_keeps_it_in_a_file()
    {
        var system = fixture.System;
        var infrastructure = await TestInfrastructure.GetAsync();
        var postgres = new NpgsqlConnectionStringBuilder(infrastructure.PostgresConnectionString);
        var pgbench = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).FirstOrDefault(File.Exists);
        Assert.NotNull(pgbench); // installed with the PostgreSQL server that the test infrastructure runs
        var processes = new[] { "gateway", "identity", "customers", "sales", "tickets", "reporting" }
            .Select(name => (name, port: system.ServiceUrl(name).Port))
            .Append(("postgres", postgres.Port)).Append(("rabbitmq", system.Broker.AmqpPort))
            .Select(p => (p.Item1, Pid: Processes.ListeningOn(p.Item2) ?? throw new InvalidOperationException($"nothing listens on {p.Item2} ({p.Item1})")))
            .ToList();
        var output = Path.Combine(Path.GetTempPath(), $"crm-bench-{Guid.NewGuid():N}");
        var options = new BenchOptions(system.Gateway, CrmSystem.AdminPassword, CrmSystem.DemoPassword)
        {
            Services = new[] { "customers", "sales", "reporting" }.ToDictionary(s => s, system.ServiceUrl),
            Concurrency = [1, 4],
            WriteSeconds = 1,
            PairUsers = 4,
            ReadSeconds = 1,
            ReadUsers = 2,
            LagWrites = 20,
            LagRate = 20,
            Processes = processes,
            PgBench = pgbench,
            Postgres = (postgres.Host!, postgres.Port, postgres.Username!, postgres.Password!),
            OutDir = output,
        };
        try
        {
            using var bench = new SystemBench(options);
            var markdown = await bench.RunAsync();

            var expected = new List<string>
            {
                "Write mix via gateway, 1 users", "Write mix via gateway, 4 users", "Write mix direct to services, 1 users", "Write mix direct to services, 4 users",
                "Record activity + change stage via gateway, 4 users", "Read: customer list", "Read: customer search",
                "Event-to-report lag (customer registered -> customer-mix)", "Reporting rebuild", "pgbench baseline, 1 clients", "pgbench baseline, 4 clients",
            };
            expected.AddRange(SystemBench.ReportRoutes.Select(r => $"Read: report {r}"));
            expected.AddRange(processes.Select(p => $"Memory: {p.Item1}"));
            var rows = bench.Table.Rows.ToDictionary(r => r.Figure);
            foreach (var figure in expected)
            {
                Assert.True(rows.TryGetValue(figure, out var row), $"no row '{figure}' in\n{markdown}");
                Assert.Contains($"| {figure} |", markdown, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(row!.Command));
                Assert.NotNull(row.Rate);
                if (!figure.StartsWith("Memory:", StringComparison.Ordinal) && figure != "Reporting rebuild")
                {
                    Assert.NotNull(row.P50);
                    Assert.NotNull(row.P95);
                    Assert.NotNull(row.P99);
                    Assert.True(row.Ok + row.Errors > 0, $"'{figure}' counted no requests");
                }
            }
            // The writes of the mix went through: every kind at least once in the runs at 4 users.
            Assert.True(rows["Write mix via gateway, 4 users"].Ok >= 5, markdown);
            Assert.True(rows["Event-to-report lag (customer registered -> customer-mix)"].Ok == 20, markdown);
            Assert.All(processes, p => Assert.True(rows[$"Memory: {p.Item1}"].Rate > 0));
            Assert.Contains(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " cores", markdown, StringComparison.Ordinal);
            Assert.Equal(markdown, await File.ReadAllTextAsync(Path.Combine(output, "latest.md")));
            Assert.Single(Directory.GetFiles(output, "bench-*.md"));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
