using Marten;

namespace Crm.Reporting.Rebuild;

/// <summary>Where the current or last rebuild stands; once completed, how many recorded events it rebuilt the reports from.</summary>
public sealed record RebuildProgress(
    string Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Current, int Steps,
    IReadOnlyList<RebuildReports.Rebuilt> Done, string? Error, long? StoredEvents = null)
{
    public static readonly RebuildProgress None = new("idle", null, null, null, RebuildReports.Projections.Count + 2, [], null);
}

/// <summary>
/// One rebuild at a time per instance, run apart from the request that asked for it and stopped only
/// when the service stops; a second request while one runs joins it rather than starting another.
/// </summary>
public sealed class RebuildJob(IDocumentStore store, ILoggerFactory logs, TimeProvider time, IHostApplicationLifetime lifetime)
{
    private readonly Lock gate = new();
    private Task<RebuildReports.Response>? running;

    public RebuildProgress Progress { get; private set; } = RebuildProgress.None;

    public Task<RebuildReports.Response> StartOrJoin()
    {
        lock (gate)
        {
            if (running is { IsCompleted: false }) return running;
            Progress = RebuildProgress.None with { Status = "running", StartedAt = time.GetUtcNow() };
            running = Task.Run(RunAsync);
            return running;
        }
    }

    private async Task<RebuildReports.Response> RunAsync()
    {
        try
        {
            var response = await RebuildReports.RunAsync(store, logs, time, Report, lifetime.ApplicationStopping);
            lock (gate) Progress = Progress with { Status = "completed", Current = null, FinishedAt = time.GetUtcNow(), StoredEvents = response.StoredEvents };
            return response;
        }
        catch (Exception e)
        {
            // Nobody may be waiting (?wait=false): the log, like GET, keeps why it stopped.
            logs.CreateLogger<RebuildJob>().LogError(e, "Rebuilding the reports failed at {Projection}", Progress.Current);
            lock (gate) Progress = Progress with { Status = "failed", FinishedAt = time.GetUtcNow(), Error = e.Message };
            throw;
        }
    }

    private void Report(string projection, RebuildReports.Rebuilt? done)
    {
        lock (gate)
            Progress = done is null ? Progress with { Current = projection } : Progress with { Done = [.. Progress.Done, done] };
    }
}
