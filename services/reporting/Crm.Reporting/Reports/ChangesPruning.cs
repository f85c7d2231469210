using Crm.Reporting.Orders;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// About once a minute, forgets the changes no kept answer or ranking can still need, in <see cref="ReportCache.Table"/>
/// and <see cref="SalesRankings.ChangesTable"/>. At start, it also installs what records them, so that they are
/// recorded before any report is asked for. A failed run leaves them for the next one.
/// </summary>
/// <remarks>
/// Each run notes the oldest transaction still running (the current snapshot's xmin) and forgets the changes of the
/// transactions before the one it noted <see cref="Kept"/> ago: those had ended by then, however long they ran, and
/// every kept answer and ranking was checked against a snapshot younger than that (<see cref="ReportCache.MaxAge"/>,
/// <see cref="SalesRankings.Refresh"/>). A process that just started forgets nothing for its first <see cref="Kept"/>.
/// </remarks>
public sealed partial class ChangesPruning(IDocumentStore store, ILogger<ChangesPruning> log, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    private readonly Queue<string> horizons = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SalesRankings.EnsureAsync(store, stoppingToken);
                horizons.Enqueue(await HorizonAsync(store, stoppingToken));
                if (horizons.Count > Kept / Interval)
                {
                    var horizon = horizons.Dequeue();
                    await ReportCache.PruneAsync(store, horizon, stoppingToken);
                    await SalesRankings.PruneAsync(store, horizon, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                PruneFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The oldest transaction still running now (every older one has ended), as text for <c>xid8</c>.</summary>
    public static async Task<string> HorizonAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<string>("select CAST(pg_snapshot_xmin(pg_current_snapshot()) as text)", ct)).Single();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting the old report changes failed; they are kept until the next run")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
