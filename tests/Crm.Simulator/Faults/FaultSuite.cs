using System.Diagnostics;
using System.Globalization;

namespace Crm.Simulator.Faults;

/// <summary>
/// The fault suite: steady writes through the gateway while each fault happens, one after the other,
/// then a wait until every consumer has caught up, and one line per fault with what was done, the
/// writes and every answer they got, the time to catch up, and PASS or FAIL with the reason.
/// </summary>
public sealed class FaultSuite : IDisposable
{
    private readonly FaultOptions options;
    private readonly HttpClient http;
    private readonly HttpClient management = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Api api;
    private readonly SuiteSession session;
    private readonly PatientWriter writer;
    private readonly Ledgers ledgers;
    private readonly SalesReplica sales;
    private readonly BrokerQueues broker;
    private readonly FaultHooks hooks;
    private readonly Stopwatch budget = Stopwatch.StartNew();
    private IReadOnlyList<BrokerQueues.Queue> errorsAtStart = [];

    public FaultSuite(FaultOptions options)
    {
        this.options = options;
        http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api = new Api(http);
        session = new SuiteSession(api, options);
        writer = new PatientWriter(api);
        ledgers = new Ledgers(api, session);
        sales = new SalesReplica(api, session);
        broker = new BrokerQueues(management, options.RabbitManagement);
        hooks = new FaultHooks(options);
    }

    public void Dispose()
    {
        http.Dispose();
        management.Dispose();
    }

    /// <returns>0 when every fault passed, 1 otherwise.</returns>
    public async Task<int> RunAsync()
    {
        await session.OpenAsync();
        errorsAtStart = [.. (await broker.ListAsync() ?? throw new InvalidOperationException("RabbitMQ's management API does not answer"))
            .Where(BrokerQueues.IsError)];
        Say($"writing {options.WritesPerSecond:F0}/s from {options.Workers} workers through {options.Gateway} into branch {session.Branch}; "
            + $"writes go on {options.LeadSeconds} s before and {options.TrailSeconds} s after each fault; consumers get up to {options.CatchUpSeconds} s to catch up"
            + (BrokerQueues.Holding(errorsAtStart) is { Length: > 0 } held ? $"; error queues already holding before the run (not counted against it): {held}" : ""));

        var faults = FaultPlan.All(options).Where(f => options.Only.Count == 0 || options.Only.Contains(f.Key) || options.Only.Contains(f.Key[..1])).ToList();
        var failed = 0;
        foreach (var fault in faults)
        {
            var needed = TimeSpan.FromSeconds(options.LeadSeconds + options.TrailSeconds + 30) + fault.Lasts;
            var left = Left();
            var line = left < needed
                ? $"({fault.Key}) {fault.Title}: not run, {left.TotalSeconds:F0} s of the {options.BudgetSeconds} s budget left and it needs about {needed.TotalSeconds:F0} s: FAIL"
                : await RunAsync(fault);
            if (!line.EndsWith(": PASS", StringComparison.Ordinal)) failed++;
            Say(line);
        }
        Say(failed == 0 ? $"PASS: all {faults.Count} faults passed" : $"FAIL: {failed} of {faults.Count} faults failed");
        return failed == 0 ? 0 : 1;
    }

    private async Task<string> RunAsync(Fault fault)
    {
        Say($"({fault.Key}) {fault.Title}: starting");
        await session.SignInAsync();
        var tally = new AnswerTally();
        var reads = new AnswerTally();
        await using var load = WriteLoad.Start(session, writer, tally, options.WritesPerSecond, options.Workers);
        await using var reader = ReportReads.Start(api, session, reads);
        string done;
        var reasons = new List<string>();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.LeadSeconds));
            done = await fault.CauseAndRepairAsync(hooks);
            await Task.Delay(TimeSpan.FromSeconds(options.TrailSeconds));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            done = "could not be caused or repaired";
            reasons.Add(e.Message);
        }
        finally
        {
            await load.StopAsync();
            await reader.StopAsync();
        }

        var limit = TimeSpan.FromSeconds(Math.Min(options.CatchUpSeconds, Math.Max(10, Left().TotalSeconds - 5)));
        var caughtUp = await new CatchUp(ledgers, sales, broker).WaitAsync(limit);
        reasons.AddRange(Verdict.OfWrites(tally, fault));
        reasons.AddRange(Verdict.OfAnswers(reads, fault, "report read"));
        if (!caughtUp.CaughtUp) reasons.Add(caughtUp.Detail);
        if (await ErrorQueuesGrownAsync() is { } grown) reasons.Add(grown);

        var catchUpText = caughtUp.CaughtUp
            ? string.Create(CultureInfo.InvariantCulture, $"caught up {caughtUp.Took.TotalSeconds:F1} s after the writes stopped ({caughtUp.Detail})")
            : "did not catch up";
        return $"({fault.Key}) {fault.Title} [{done}]: {tally.Total} writes ({tally.KindsText()}), answers {tally.AnswersText()}; "
            + $"{reads.Total} reads of customer-mix, answers {reads.AnswersText()}; {catchUpText}: "
            + (reasons.Count == 0 ? "PASS" : $"FAIL ({string.Join("; ", reasons)})");
    }

    /// <summary>Null when no error queue holds more than it did when the run started; else which ones do.</summary>
    private async Task<string?> ErrorQueuesGrownAsync()
    {
        if (await broker.ListAsync() is not { } queues) return "the error queues could not be read (RabbitMQ's management API does not answer)";
        var grown = queues.Where(BrokerQueues.IsError)
            .Where(q => q.Messages > (errorsAtStart.FirstOrDefault(s => s.Name == q.Name)?.Messages ?? 0)).ToList();
        return grown.Count == 0 ? null : $"error queues hold events: {BrokerQueues.Holding(grown)} (./deploy/crm events lists why)";
    }

    private TimeSpan Left() => TimeSpan.FromSeconds(options.BudgetSeconds) - budget.Elapsed;

    private static void Say(string line) => Console.WriteLine($"[faults] {line}");
}
