using System.Diagnostics;

namespace Crm.Simulator.Faults;

/// <summary>One fault: what it is, about how long it lasts, and how it is caused and repaired (returning what was done).</summary>
public sealed record Fault(string Key, string Title, TimeSpan Lasts, Func<FaultHooks, Task<string>> CauseAndRepairAsync)
{
    /// <summary>Whether the writes of this fault may meet a service that is not running (the gateway then answers 502).</summary>
    public bool StopsAService { get; init; }
}

/// <summary>The faults of the suite, one after the other: each must pass by itself, with nothing lost and nothing counted twice.</summary>
public static class FaultPlan
{
    public const string ReportingDatabase = "crm_reporting";

    public static IReadOnlyList<Fault> All(FaultOptions options)
    {
        var outage = TimeSpan.FromSeconds(options.OutageSeconds);
        var brokerDown = TimeSpan.FromSeconds(Math.Max(5, options.OutageSeconds / 4));
        return
        [
            new("a", $"reporting's database refuses connections for {outage.TotalSeconds:F0} s", outage, async hooks =>
            {
                var clock = Stopwatch.StartNew();
                var refuse = await hooks.RefuseConnectionsAsync(ReportingDatabase);
                try { await Task.Delay(outage); }
                finally { await hooks.AllowConnectionsAsync(ReportingDatabase); }
                return $"{refuse}, {clock.Elapsed.TotalSeconds:F0} s later allow-connections";
            }),
            new("b", $"RabbitMQ stopped for {brokerDown.TotalSeconds:F0} s and started again", brokerDown + TimeSpan.FromSeconds(15), async hooks =>
            {
                var clock = Stopwatch.StartNew();
                var stop = await hooks.StopRabbitAsync();
                var stopped = clock.Elapsed;
                await Task.Delay(brokerDown);
                var start = await hooks.StartRabbitAsync();
                return $"{stop} ({stopped.TotalSeconds:F0} s), {brokerDown.TotalSeconds:F0} s later {start} (down {clock.Elapsed.TotalSeconds - stopped.TotalSeconds:F0} s in all)";
            }),
            Kill("c1", "reporting"),
            Kill("c2", "sales"),
            new("d", "PostgreSQL restarted (fast shutdown: every session cut)", TimeSpan.FromSeconds(10), async hooks =>
            {
                var clock = Stopwatch.StartNew();
                var restart = await hooks.RestartPostgresAsync();
                return $"{restart} ({clock.Elapsed.TotalSeconds:F1} s)";
            }),
        ];
    }

    private static Fault Kill(string key, string service) =>
        new(key, $"{service} killed (SIGKILL) mid-load and started again", TimeSpan.FromSeconds(30), async hooks =>
        {
            var clock = Stopwatch.StartNew();
            var restart = await hooks.KillAndRestartAsync(service);
            return $"{restart} (ready again after {clock.Elapsed.TotalSeconds:F0} s)";
        })
        { StopsAService = true };
}
