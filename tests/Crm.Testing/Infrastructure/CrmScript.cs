using System.Diagnostics;
using System.Text;

namespace Crm.Testing;

/// <summary>Runs <c>deploy/crm</c> (infra start/stop) for fixtures and cleans up what they started at process exit.</summary>
internal static class CrmScript
{
    public const string SetupHint =
        "No PostgreSQL/RabbitMQ for tests: set CRM_TEST_POSTGRES and CRM_TEST_RABBITMQ (./deploy/crm test does), " +
        "run a Docker engine (Testcontainers), or install them as plain processes with `sudo ./deploy/crm setup`.";

    /// <summary>The checkout: the first folder above the test binaries that holds Crm.sln.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")) && File.Exists(Path.Combine(dir.FullName, "deploy", "crm")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>True when deploy/crm can start PostgreSQL and RabbitMQ on this machine.</summary>
    public static bool CanStartProcesses(bool needPostgres)
    {
        if (!OperatingSystem.IsLinux() || FindRepositoryRoot() is null)
        {
            return false;
        }

        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
        {
            return false;
        }

        return !needPostgres || (Directory.Exists("/usr/lib/postgresql")
            && Directory.EnumerateDirectories("/usr/lib/postgresql").Any(v => File.Exists(Path.Combine(v, "bin", "postgres"))));
    }

    /// <summary>
    /// A fresh state folder for one infra start. Cleanup does not depend on this process exiting cleanly:
    /// every start passes <c>--owner-pid</c>, so deploy/crm stops, purges and deletes it once the test host is gone.
    /// </summary>
    public static string NewStateDirectory(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"crm-{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task RunAsync(TimeSpan timeout, params string[] args)
    {
        var root = FindRepositoryRoot() ?? throw new InvalidOperationException(SetupHint);
        var psi = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(root, "deploy", "crm"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException($"deploy/crm {string.Join(' ', args)} did not finish within {timeout}:\n{Snapshot(output)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"deploy/crm {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{Snapshot(output)}\n{SetupHint}");
        }
    }

    /// <summary>Stops and purges what was started from <paramref name="stateDirectory"/>, and deletes the folder.</summary>
    public static Task StopAndPurgeAsync(string stateDirectory) =>
        RunAsync(TimeSpan.FromSeconds(60), "infra", "stop", "--dir", stateDirectory, "--purge", "--rm-dir");

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
