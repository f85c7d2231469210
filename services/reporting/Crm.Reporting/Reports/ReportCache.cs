using System.Collections.Concurrent;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// Answers grouped from every counted order (collections per branch), kept per process for as long as nothing
/// was recorded since they were worked out: at month end many managers open the same pages, and only the first
/// after a change pays for them. The rankings of customers and reps are kept and brought up to date instead
/// (<see cref="Crm.Reporting.Orders.SalesRankings"/>), as they change with every recorded order.
/// </summary>
/// <remarks>
/// <para>Exact, not time-based: every transaction that changes what a report reads adds its id to
/// <see cref="Table"/> (<see cref="QueueChange"/>: each recorded event, a rebuild's start and end). An answer
/// is kept with the snapshot of the database it was worked out after (taken before its query, so it is never
/// newer than what the answer saw), and is given again only while every change committed since is visible in
/// that snapshot: one lookup in the changes of the transactions at or after the snapshot's oldest.</para>
/// <para>An answer is worked out once however many ask for it at once, and is kept at most <see cref="MaxAge"/>
/// (collections' overdue counts against the time it was worked out, given as its <c>asOf</c>); changes are
/// kept far longer (<see cref="ChangesPruning"/>), so that a kept answer can always be checked.</para>
/// </remarks>
public sealed class ReportCache(IDocumentStore store, TimeProvider time)
{
    public const string Table = "rpt_changes";
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const int Capacity = 64;

    private sealed record Entry(string Snapshot, DateTimeOffset At, object Value);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> entries = new(StringComparer.Ordinal);

    /// <summary>The table of changes, once per database.</summary>
    public static Task EnsureAsync(IDocumentStore store, CancellationToken ct) =>
        ReportTables.EnsureAsync(store, "changes", [], schema => $"""
            create table if not exists {schema}.{Table} (
              xid xid8 primary key,
              at timestamptz not null default clock_timestamp());
            create index if not exists {Table}_at on {schema}.{Table} (at);
            """, ct);

    /// <summary>Queues, in the transaction of <paramref name="operations"/>, that it changes what the reports read.</summary>
    public static async Task QueueChange(IDocumentOperations operations, CancellationToken ct)
    {
        await EnsureAsync(operations.DocumentStore, ct);
        operations.QueueSqlCommand($"insert into {operations.DocumentStore.Options.DatabaseSchemaName}.{Table} (xid) values (pg_current_xact_id()) on conflict do nothing");
    }

    /// <summary>Records a change on its own (a rebuild's start and end: its own transactions change every report).</summary>
    public static async Task ChangedAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await QueueChange(session, ct);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Forgets the changes of the transactions before <paramref name="horizon"/> (<see cref="ChangesPruning"/>).</summary>
    public static async Task PruneAsync(IDocumentStore store, string horizon, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        await using var session = store.QuerySession();
        await session.AdvancedSql.QueryAsync<int>(
            $"with gone as (delete from {store.Options.DatabaseSchemaName}.{Table} where xid < CAST(? as xid8) returning 1) select CAST(count(*) as int) from gone",
            ct, horizon);
    }

    /// <summary>
    /// The answer kept under <paramref name="key"/> while it is current, else <paramref name="compute"/>'s (worked
    /// out once for every caller waiting on it). The key names everything the answer depends on: report, scope, parameters.
    /// </summary>
    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken ct) where T : class
    {
        await EnsureAsync(store, ct);
        for (var attempt = 0; ; attempt++)
        {
            Lazy<Task<Entry>>? mine = null;
            var lazy = entries.GetOrAdd(key, _ => mine = new Lazy<Task<Entry>>(() => ComputeAsync(compute)));
            Entry entry;
            try
            {
                entry = await lazy.Value.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                entries.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(key, lazy));
                throw;
            }
            // One worked out for this call, or after it found the kept one out of date, is as new as the call.
            if (ReferenceEquals(lazy, mine) || attempt > 0 || (time.GetUtcNow() - entry.At <= MaxAge && await IsCurrentAsync(entry.Snapshot, ct)))
                return (T)entry.Value;
            entries.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(key, lazy));
        }
    }

    private async Task<Entry> ComputeAsync<T>(Func<CancellationToken, Task<T>> compute) where T : class
    {
        if (entries.Count > Capacity)
            foreach (var stale in entries.Where(e => e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
                         .OrderBy(e => e.Value.Value.Result.At).Take(entries.Count - Capacity).ToList())
                entries.TryRemove(stale);
        await using (var session = store.QuerySession())
        {
            var snapshot = (await session.AdvancedSql.QueryAsync<string>("select CAST(pg_current_snapshot() as text)", CancellationToken.None)).Single();
            var at = time.GetUtcNow();
            // Worked out to the end even if the first caller goes away: others may be waiting on it.
            return new Entry(snapshot, at, await compute(CancellationToken.None));
        }
    }

    /// <summary>Whether every change committed by now was visible in <paramref name="snapshot"/>.</summary>
    private async Task<bool> IsCurrentAsync(string snapshot, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<bool>($"""
            select not exists (
              select 1 from {store.Options.DatabaseSchemaName}.{Table} c
              where c.xid >= pg_snapshot_xmin(CAST(? as pg_snapshot)) and not pg_visible_in_snapshot(c.xid, CAST(? as pg_snapshot)))
            """, ct, snapshot, snapshot)).Single();
    }
}
