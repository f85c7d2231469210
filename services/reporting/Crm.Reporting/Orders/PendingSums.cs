using Crm.Reporting.Orders.Attribution;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Adds the changes the recordings appended to the sums tables into them, about once a second
/// (<see cref="AttributionSums.MergePendingAsync"/>), so that the pending changes a report also reads stay few.
/// Reports are exact whether or not a merge has run; a failed merge leaves the changes pending for the next one.
/// </summary>
public sealed partial class PendingSums(IDocumentStore store, ILogger<PendingSums> log, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await AttributionSums.MergePendingAsync(store, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                MergeFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adding the pending sales sums failed; they stay pending for the next run")]
    private static partial void MergeFailed(ILogger logger, Exception exception);
}
