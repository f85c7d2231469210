using Crm.Reporting.Reports;

namespace Crm.Reporting.Orders;

/// <summary>
/// Works out the group-wide rankings (ABC, collections per customer and per rep, every branch, all time) when the service
/// starts, so that the first manager to open them does not wait for every order to be grouped, then brings every kept
/// ranking up to date every <see cref="Interval"/> (<see cref="SalesRankings.KeepCurrentAsync"/>): a ranking not asked for
/// a while is as cheap to answer as one asked for all the time, until it goes <see cref="Idle"/> and is forgotten.
/// A failed run is logged and the next one tries again.
/// </summary>
public sealed partial class RankingsKeeper(SalesRankings rankings, ILogger<RankingsKeeper> log, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var everything = new ReportScope(null, null);
        try
        {
            await AbcReport.RankingAsync(rankings, everything, null, null, null, stoppingToken);
            await CollectionsReport.RankingAsync(rankings, SalesRankings.Collections, everything, null, null, stoppingToken);
            await CollectionsReport.RankingAsync(rankings, SalesRankings.CollectionsByRep, everything, null, null, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            KeepFailed(log, e);
        }
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await rankings.KeepCurrentAsync(Idle, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                KeepFailed(log, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bringing the kept sales rankings up to date failed; requests bring them up to date themselves")]
    private static partial void KeepFailed(ILogger logger, Exception exception);
}
