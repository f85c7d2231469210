using System.Diagnostics;
using System.Text;

namespace Crm.Testing;

/// <summary>A built CRM service (or the gateway) run as its own process on a loopback port, as `up` runs it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(string name, Uri url, Process process) => (Name, Url, this.process) = (name, url, process);

    public string Name { get; }
    public Uri Url { get; }

    public string RecentOutput { get { lock (output) return output.Length > 6000 ? output.ToString(output.Length - 6000, 6000) : output.ToString(); } }

    /// <summary>Starts <c>{projectDir}/bin/{configuration}/net10.0/{assembly}.dll</c> with its project folder as working folder.</summary>
    public static ServiceProcess Start(string name, string projectDirectory, int port, IDictionary<string, string> environment)
    {
        var assembly = Path.GetFileName(projectDirectory);
        var dll = Path.Combine(projectDirectory, "bin", BuildConfiguration, "net10.0", $"{assembly}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{name} is not built: {dll}");
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}");
        var started = new ServiceProcess(name, url, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for <c>/health/ready</c> to answer 200 (healthy or degraded).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{RecentOutput}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/health/ready"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {within}:\n{RecentOutput}");
    }

    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug"; // .../bin/{configuration}/net10.0

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
