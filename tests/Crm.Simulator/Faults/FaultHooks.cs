using System.Diagnostics;
using System.Text;

namespace Crm.Simulator.Faults;

/// <summary>
/// Causes and repairs faults through the entry script's own subcommands, as an operator would, so the
/// suite knows nothing of pids, data folders or ports: deploy/crm knows them from its state folder.
/// </summary>
public sealed class FaultHooks(FaultOptions options)
{
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(150);

    public Task<string> RefuseConnectionsAsync(string database) => RunAsync("infra", "refuse-connections", options.StateDir, database);

    public Task<string> AllowConnectionsAsync(string database) => RunAsync("infra", "allow-connections", options.StateDir, database);

    public Task<string> StopRabbitAsync() => RunAsync("infra", "stop-rabbit", options.StateDir);

    public Task<string> StartRabbitAsync() => RunAsync("infra", "start-rabbit", options.StateDir);

    public Task<string> RestartPostgresAsync() => RunAsync("infra", "restart-pg", options.StateDir);

    /// <summary>SIGKILL, like a crash, then started again as `up` starts it; returns once it is ready.</summary>
    public Task<string> KillAndRestartAsync(string service) => RunAsync("restart-service", service, "--kill");

    /// <summary>Runs <c>deploy/crm ARGS</c>; its output goes to the suite's log, its last lines into the error when it fails.</summary>
    private async Task<string> RunAsync(params string[] args)
    {
        var command = $"deploy/crm {string.Join(' ', args)}";
        var start = new ProcessStartInfo(options.CrmScript) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started");
        var output = new StringBuilder();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            Console.WriteLine($"[faults]   | {line}");
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(HookTimeout);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish within {HookTimeout.TotalSeconds:F0} s");
        }
        if (process.ExitCode != 0)
        {
            string tail;
            lock (output) tail = string.Join(" / ", output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
            throw new InvalidOperationException($"{command} exited with {process.ExitCode}: {tail}");
        }
        return command;
    }
}
