using System.Diagnostics;
using System.Globalization;

namespace Crm.Simulator.Faults;

/// <summary>
/// Steady writes through the gateway from a few workers: each registers a customer, signs an order for
/// it and records a payment on that order, in turn, at its share of the rate. A write held up by a fault
/// holds up its worker, as it would a real client; the others go on.
/// </summary>
public sealed class WriteLoad : IAsyncDisposable
{
    private readonly SuiteSession session;
    private readonly PatientWriter writer;
    private readonly AnswerTally tally;
    private readonly TimeSpan interval;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;

    private WriteLoad(SuiteSession session, PatientWriter writer, AnswerTally tally, double rate, int workerCount)
    {
        (this.session, this.writer, this.tally) = (session, writer, tally);
        interval = TimeSpan.FromSeconds(workerCount / rate);
        workers = [.. Enumerable.Range(0, workerCount).Select(w => Task.Run(() => WorkAsync(w)))];
    }

    public static WriteLoad Start(SuiteSession session, PatientWriter writer, AnswerTally tally, double rate, int workers) =>
        new(session, writer, tally, rate, workers);

    /// <summary>No new writes; waits for those under way (each gives up on its own after <see cref="PatientWriter.GiveUpAfter"/>).</summary>
    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task WorkAsync(int worker)
    {
        var pace = new Pace(interval);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            if (!await TurnAsync(pace)) return;
            var customer = await writer.PostAsync("customer", session.Exec, "/api/customers?allowDuplicate=true",
                new { name = $"Fault suite customer {worker}-{n.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"[..48], branch = session.Branch, category = "other" }, tally);
            if (customer?["id"] is null || !await TurnAsync(pace)) continue;
            // Prices and payments vary so that a payment or order counted twice shows in the sums, not only in counts.
            var order = await writer.PostAsync("order", session.Exec, "/api/orders", new
            {
                customerId = customer["id"]!.GetValue<string>(), branch = session.Branch,
                lines = new[] { new { productId = session.Product, quantity = 1m, unitPrice = 100m + n % 37 + worker / 100m } },
            }, tally);
            if (order?["id"] is null || !await TurnAsync(pace)) continue;
            await writer.PostAsync("payment", session.Exec, $"/api/orders/{order["id"]!.GetValue<string>()}/payments",
                new { amount = 10m + n % 11 + worker / 100m, reference = "fault suite" }, tally);
        }
    }

    /// <summary>Waits for the worker's next turn; false once the load is stopping.</summary>
    private async Task<bool> TurnAsync(Pace pace)
    {
        try { await Task.Delay(pace.Next(), stop.Token); }
        catch (OperationCanceledException) { return false; }
        return !stop.IsCancellationRequested;
    }

    /// <summary>One worker's turns, <c>interval</c> apart; a worker held up by a fault does not burst to catch up.</summary>
    private sealed class Pace(TimeSpan interval)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private TimeSpan due;

        public TimeSpan Next()
        {
            var now = clock.Elapsed;
            due = due + interval < now ? now : due + interval;
            return due - now;
        }
    }
}
