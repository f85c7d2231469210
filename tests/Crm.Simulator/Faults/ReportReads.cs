using System.Text.Json.Nodes;

namespace Crm.Simulator.Faults;

/// <summary>
/// A manager reading the branch's customer-mix once a second during a fault, never trying again: what
/// reporting answers while its own database is away is seen nowhere else (the writes never reach it),
/// and it must be a 503 with Retry-After, never a 500.
/// </summary>
public sealed class ReportReads : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private ReportReads(Api api, SuiteSession session, AnswerTally tally) => reading = Task.Run(() => ReadAsync(api, session, tally));

    public static ReportReads Start(Api api, SuiteSession session, AnswerTally tally) => new(api, session, tally);

    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        await reading;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task ReadAsync(Api api, SuiteSession session, AnswerTally tally)
    {
        while (!stop.IsCancellationRequested)
        {
            tally.Sent("read");
            try
            {
                var reply = await api.SendOnceAsync(HttpMethod.Get, session.Exec, $"/api/reports/customer-mix?branch={session.Branch}", null);
                tally.Answer(reply.Status, reply.RetryAfter is not null, $"GET /api/reports/customer-mix: {(reply.Body as JsonObject)?["title"]?.ToString() ?? "no problem title"}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { tally.Unanswered(); }
            try { await Task.Delay(Every, stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }
}
