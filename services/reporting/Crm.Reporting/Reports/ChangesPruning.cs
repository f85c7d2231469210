using Crm.Reporting.Orders;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// About once a minute, forgets the changes no kept answer or ranking can still need: those older than
/// <see cref="ReportCache.Kept"/> in <see cref="ReportCache.Table"/> and <see cref="SalesRankings.ChangesTable"/>. At
/// start, it also installs what records them, so that they are recorded before any report is asked for. A failed run
/// leaves them for the next one.
/// </summary>
public sealed partial class ChangesPruning(IDocumentStore store, ILogger<ChangesPruning> log, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ReportCache.PruneAsync(store, stoppingToken);
                await SalesRankings.PruneAsync(store, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                PruneFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting the old report changes failed; they are kept until the next run")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
