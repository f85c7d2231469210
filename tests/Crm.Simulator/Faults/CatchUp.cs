using System.Diagnostics;
using System.Globalization;

namespace Crm.Simulator.Faults;

/// <summary>Whether the consumers caught up, how long it took, and what was (or still was not) there.</summary>
public sealed record CatchUpResult(bool CaughtUp, TimeSpan Took, string Detail);

/// <summary>
/// Waits, once the writes have stopped, until every record the owners store has reached every consumer
/// exactly once: reporting's counts and sums equal the owners' (a record missed or counted twice shows),
/// sales' replica has heard of every customer, and no inbound queue holds anything (tickets' replica
/// has no route that reads it alone, so its drained queue is what shows it has caught up).
/// </summary>
public sealed class CatchUp(Ledgers ledgers, SalesReplica sales, BrokerQueues broker)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    // Reporting cannot count more than the owners store, even for a moment, unless something counted
    // twice: that is final once it has lasted a little (no need to wait out the whole limit).
    private static readonly TimeSpan OverCountIsFinal = TimeSpan.FromSeconds(10);

    public async Task<CatchUpResult> WaitAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        if (await OwnersAsync(limit, clock) is not var (customers, owners))
            return new(false, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"after {clock.Elapsed.TotalSeconds:F0} s customers or sales still do not list the branch's records"));
        TimeSpan? overSince = null;
        while (true)
        {
            var problems = new List<string>();
            var reporting = await ledgers.ReportingAsync();
            if (reporting is null) problems.Add("reporting does not answer its reports");
            else if (reporting != owners) problems.Add($"reporting counts {reporting}");
            var over = reporting is not null && (reporting.Customers > owners.Customers || reporting.Orders > owners.Orders
                || reporting.SignedSum > owners.SignedSum || reporting.CollectedSum > owners.CollectedSum);
            overSince = over ? overSince ?? clock.Elapsed : null;

            var missing = await sales.MissingAsync(customers);
            if (missing is null) problems.Add("sales' order import does not answer");
            else if (missing > 0) problems.Add($"sales' replica has not heard of {missing} of {customers.Count} customers");

            var queues = await broker.ListAsync();
            if (queues is null) problems.Add("RabbitMQ's management API does not answer");
            else if (BrokerQueues.Holding(queues.Where(BrokerQueues.IsInbound)) is { Length: > 0 } queued) problems.Add($"still queued: {queued}");

            if (problems.Count == 0) return new(true, clock.Elapsed, $"every consumer holds {owners}");
            if (clock.Elapsed > limit || clock.Elapsed - overSince > OverCountIsFinal)
                return new(false, clock.Elapsed, string.Create(CultureInfo.InvariantCulture,
                    $"after {clock.Elapsed.TotalSeconds:F0} s the owners hold {owners} but {string.Join("; ", problems)}"));
            await Task.Delay(Poll);
        }
    }

    /// <summary>The owners' records (null when they cannot be read within the limit); a service just restarted may need a moment.</summary>
    private async Task<(IReadOnlyList<Guid>, Totals)?> OwnersAsync(TimeSpan limit, Stopwatch clock)
    {
        while (clock.Elapsed < limit)
        {
            try { return await ledgers.OwnersAsync(); }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(Poll);
            }
        }
        return null;
    }
}
