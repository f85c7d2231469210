using Crm.Tickets.Domain;
using JasperFx;
using Marten;
using Npgsql;

namespace Crm.Tickets.Escalation;

/// <summary>
/// Escalates every target that passes its due time, once. However many instances run, one watches
/// at a time: the one holding a PostgreSQL session-level advisory lock on a connection kept open
/// while it leads (the lock goes when the connection does, so a crashed leader is replaced on the
/// next try). Escalations go through the ticket decider with the version the watch read, so a
/// racing writer makes the append fail and the decider never escalates a target twice.
/// </summary>
public sealed class SlaWatch(IDocumentStore store, IConfiguration configuration, TimeProvider time, ILogger<SlaWatch> logger) : BackgroundService
{
    public const string IntervalKey = "Tickets:SlaWatchInterval";
    public const string Actor = "tickets.sla-watch";

    /// <summary>The advisory lock's key in the tickets database: "tickets" plus one, as a number.</summary>
    private const long LeaderLock = 0x7469636B65747301;

    private TimeSpan Interval => configuration.GetValue(IntervalKey, TimeSpan.FromSeconds(30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                if (await ScalarAsync<bool>(connection, "select pg_try_advisory_lock($1)", stoppingToken))
                {
                    logger.LogInformation("This instance watches the tickets' service-level targets");
                    try
                    {
                        await WatchWhileLeadingAsync(connection, stoppingToken);
                    }
                    finally
                    {
                        await ReleaseAsync(connection);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong (the database gone, a round that failed), the watch must not
                // stop the service: it lets go of the lead and tries again after a pause.
                logger.LogWarning(e, "The SLA watch stopped watching; trying again");
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WatchWhileLeadingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Still connected means still holding the lock: a session lock lives as long as its connection.
            await ScalarAsync<int>(connection, "select 1", stoppingToken);
            await EscalateDueAsync(stoppingToken);
            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    /// <summary>One round: every open ticket with a running clock past its due time and not yet escalated.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<Ticket> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<Ticket>()
                .Where(t => t.AnyTenant() && t.Status == TicketStatus.Open
                    && ((!t.ResponseSla.Escalated && t.ResponseSla.DueAt < now) || (!t.ResolutionSla.Escalated && t.ResolutionSla.DueAt < now)))
                .OrderBy(t => t.Id)
                .ToListAsync(ct);
        }

        var escalated = 0;
        foreach (var seen in due)
        {
            try
            {
                await using var session = store.LightweightSession(seen.Branch);
                session.LastModifiedBy = Actor;
                var stream = await session.Events.FetchForWriting<Ticket>(seen.Id, seen.Version, ct);
                var decision = TicketDecider.Escalate(stream.Aggregate ?? seen, now);
                if (decision.IsRefused) continue;
                stream.AppendMany(decision.Events);
                await session.SaveChangesAsync(ct);
                escalated += decision.Events.Count;
            }
            catch (ConcurrencyException)
            {
                // Someone changed the ticket since it was read; the next round decides on its new state.
                logger.LogDebug("Ticket {TicketId} changed while being escalated; it is looked at again next round", seen.Id);
            }
        }
        if (escalated > 0) logger.LogInformation("Escalated {Count} service-level targets past due", escalated);
        return escalated;
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        // A pooled connection outlives this use: give the lock back before it returns to the pool.
        try
        {
            await ScalarAsync<bool>(connection, "select pg_advisory_unlock($1)", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is broken, and with it the session that held the lock.
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("$1", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter { Value = LeaderLock });
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
