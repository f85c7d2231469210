using System.Collections.Concurrent;
using System.Data;
using System.Text;
using Crm.Reporting.Reports;
using Marten;
using Npgsql;

namespace Crm.Reporting.Orders;

/// <summary>
/// Every customer's counted sales under one set of conditions (scope, category, period), ranked (most sales first,
/// ties by id), kept per process and brought up to date on each request from the customers whose order rows changed
/// since: the ABC ranking of 100,000 customers then costs a look at what changed and a re-rank in memory, not a new
/// grouping of every order, also while orders are recorded all the time.
/// </summary>
/// <remarks>
/// <para>Exact: a trigger on <see cref="OrderAttribution.Table"/> adds, in the transaction of every statement that
/// changes its rows, the customers those rows counted for before and after (<see cref="ChangesTable"/>; a truncate, as
/// a rebuild does, marks everything changed). A ranking is kept with the database snapshot it is exact for, and a
/// request reads, in one repeatable-read transaction, the customers changed by transactions not visible in that
/// snapshot and their sales now, and applies them: nothing committed is missed, nothing still open is read.</para>
/// <para>A ranking is worked out again in full when everything changed, when more than <see cref="MostChanged"/>
/// customers did, and when it went <see cref="Refresh"/> without a request (changes are kept far longer,
/// <see cref="ReportCache.Kept"/>). Requests for one ranking take turns; at most <see cref="Capacity"/> are kept.</para>
/// </remarks>
public sealed class CustomerSalesRankings(IDocumentStore store, TimeProvider time)
{
    public const string ChangesTable = "rpt_sales_changes";
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    public const int MostChanged = 2000;
    private const int Capacity = 16;

    private readonly ConcurrentDictionary<string, Kept> kept = new(StringComparer.Ordinal);

    /// <summary>The changed customers' table and the triggers that fill it, once per database.</summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken ct)
    {
        await OrderAttribution.EnsureAsync(store, ct);
        await ReportTables.EnsureAsync(store, "sales-changes", [], schema =>
        {
            var (log, source, function) = ($"{schema}.{ChangesTable}", OrderAttribution.Qualified(store, OrderAttribution.Table), $"{schema}.{ChangesTable}_of_{OrderAttribution.Table}");
            string Customers(string rows) =>
                $"insert into {log} (xid, customer_id) select distinct pg_current_xact_id(), customer_id from ({rows}) r where customer_id is not null;";
            return $$"""
                create table if not exists {{log}} (
                  xid xid8 not null,
                  customer_id uuid,
                  everything boolean not null default false,
                  at timestamptz not null default clock_timestamp());
                create index if not exists {{ChangesTable}}_xid on {{log}} (xid);
                create index if not exists {{ChangesTable}}_at on {{log}} (at);
                create or replace function {{function}}() returns trigger language plpgsql as $fn$
                begin
                  if tg_op = 'TRUNCATE' then
                    insert into {{log}} (xid, everything) values (pg_current_xact_id(), true);
                  elsif tg_op = 'INSERT' then
                    {{Customers("select customer_id from new_rows")}}
                  elsif tg_op = 'DELETE' then
                    {{Customers("select customer_id from old_rows")}}
                  else
                    {{Customers("select customer_id from old_rows union all select customer_id from new_rows")}}
                  end if;
                  return null;
                end $fn$;
                do $do$
                begin
                  if not exists (select from pg_trigger where tgname = '{{ChangesTable}}_insert' and tgrelid = '{{source}}'::regclass) then
                    create trigger {{ChangesTable}}_insert after insert on {{source}} referencing new table as new_rows
                      for each statement execute function {{function}}();
                    create trigger {{ChangesTable}}_update after update on {{source}} referencing old table as old_rows new table as new_rows
                      for each statement execute function {{function}}();
                    create trigger {{ChangesTable}}_delete after delete on {{source}} referencing old table as old_rows
                      for each statement execute function {{function}}();
                    create trigger {{ChangesTable}}_truncate after truncate on {{source}}
                      for each statement execute function {{function}}();
                  end if;
                end $do$;
                """;
        }, ct);
    }

    /// <summary>Forgets the changes older than <see cref="ReportCache.Kept"/> (every kept ranking is far newer).</summary>
    public static async Task PruneAsync(IDocumentStore store, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = Command(connection, null,
            $"delete from {store.Options.DatabaseSchemaName}.{ChangesTable} where at < clock_timestamp() - CAST(? as interval)", $"{(int)ReportCache.Kept.TotalSeconds} seconds");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The ranking of the counted orders (alias <c>o</c>) matching <paramref name="where"/>, as of now; <paramref name="key"/>
    /// names everything <paramref name="where"/> depends on.
    /// </summary>
    public async Task<Ranking> GetAsync(string key, SqlWhere where, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        var now = time.GetUtcNow();
        if (kept.Count >= Capacity && !kept.ContainsKey(key))
            foreach (var idle in kept.OrderBy(k => k.Value.LastUsed).Take(kept.Count - Capacity + 1).ToList())
                kept.TryRemove(idle);
        var mine = kept.GetOrAdd(key, _ => new Kept());
        mine.LastUsed = now;
        await mine.Gate.WaitAsync(ct);
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            string snapshot;
            await using (var first = Command(connection, tx, "select CAST(pg_current_snapshot() as text)"))
                snapshot = (string)(await first.ExecuteScalarAsync(ct))!;
            try
            {
                if (mine.Snapshot is null || now - mine.RefreshedAt > Refresh || !await ApplyChangesAsync(connection, tx, mine, where, ct))
                    await RankAllAsync(connection, tx, mine, where, ct);
            }
            catch
            {
                // Whatever was half applied is not trusted: the next request works the ranking out in full.
                mine.Snapshot = null;
                throw;
            }
            await tx.CommitAsync(ct);
            (mine.Snapshot, mine.RefreshedAt) = (snapshot, now);
            return mine.Current!;
        }
        finally
        {
            mine.Gate.Release();
        }
    }

    private async Task RankAllAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Kept into, SqlWhere where, CancellationToken ct)
    {
        var sales = new Dictionary<Guid, decimal>();
        await using (var command = Command(connection, tx, $"""
            select o.customer_id, sum({OrderSales.Total}) from {await OrderSales.FromAsync(store, ct)}
            where {where.Sql} and o.customer_id is not null group by 1
            """, where.Parameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                sales[reader.GetGuid(0)] = reader.GetDecimal(1);
        var sorted = sales.Select(s => new Ranked(s.Key, s.Value)).ToList();
        sorted.Sort(Ranked.Order);
        (into.Sales, into.Sorted, into.Current) = (sales, sorted, new Ranking([.. sorted]));
    }

    /// <summary>Applies the customers changed since the kept snapshot; false when the ranking must be worked out in full instead.</summary>
    private async Task<bool> ApplyChangesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Kept into, SqlWhere where, CancellationToken ct)
    {
        var changed = new List<Guid>();
        await using (var command = Command(connection, tx, $"""
            select c.customer_id, c.everything from {store.Options.DatabaseSchemaName}.{ChangesTable} c
            where c.xid >= pg_snapshot_xmin(CAST(? as pg_snapshot)) and not pg_visible_in_snapshot(c.xid, CAST(? as pg_snapshot))
            """, into.Snapshot!, into.Snapshot!))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(1)) return false;
                changed.Add(reader.GetGuid(0));
            }
        changed = [.. changed.Distinct()];
        if (changed.Count > MostChanged) return false;
        if (changed.Count == 0) return true;

        var now = new Dictionary<Guid, decimal>();
        await using (var command = Command(connection, tx, $"""
            select o.customer_id, sum({OrderSales.Total}) from {await OrderSales.FromAsync(store, ct)}
            where {where.Sql} and o.customer_id = any(?) group by 1
            """, [.. where.Parameters, changed.ToArray()]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                now[reader.GetGuid(0)] = reader.GetDecimal(1);

        foreach (var customer in changed)
        {
            if (into.Sales!.Remove(customer, out var before))
                into.Sorted!.RemoveAt(into.Sorted.BinarySearch(new Ranked(customer, before), Ranked.Order));
            if (now.TryGetValue(customer, out var after))
            {
                into.Sales[customer] = after;
                var at = into.Sorted!.BinarySearch(new Ranked(customer, after), Ranked.Order);
                into.Sorted.Insert(~at, new Ranked(customer, after));
            }
        }
        into.Current = new Ranking([.. into.Sorted!]);
        return true;
    }

    /// <summary>A command with Marten's positional <c>?</c> parameters (as <see cref="SqlWhere"/> writes them) as PostgreSQL's <c>$n</c>.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params object[] values)
    {
        var text = new StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
            if (c == '?') text.Append('$').Append(++n);
            else text.Append(c);
        if (n != values.Length) throw new ArgumentException($"The SQL has {n} parameters, {values.Length} were given.", nameof(values));
        var command = new NpgsqlCommand(text.ToString(), connection, tx);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private sealed class Kept
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset LastUsed { get; set; }
        public string? Snapshot { get; set; }
        public DateTimeOffset RefreshedAt { get; set; }
        public Dictionary<Guid, decimal>? Sales { get; set; }
        public List<Ranked>? Sorted { get; set; }
        public Ranking? Current { get; set; }
    }
}

/// <summary>A customer's sales in a ranking.</summary>
public readonly record struct Ranked(Guid CustomerId, decimal Sales)
{
    /// <summary>Most sales first, ties by id as PostgreSQL orders uuids (<see cref="Guid.CompareTo(Guid)"/> compares the same way).</summary>
    public static readonly IComparer<Ranked> Order = Comparer<Ranked>.Create((x, y) =>
        y.Sales.CompareTo(x.Sales) is var bySales and not 0 ? bySales : x.CustomerId.CompareTo(y.CustomerId));
}

/// <summary>One ranking as of one snapshot: never changed once made, so any number of requests read it at once.</summary>
public sealed class Ranking
{
    private readonly Ranked[] items;
    private readonly decimal[] through;

    public Ranking(Ranked[] sorted)
    {
        items = sorted;
        through = new decimal[sorted.Length];
        var sum = 0m;
        for (var i = 0; i < sorted.Length; i++) through[i] = sum += sorted[i].Sales;
        All = sum;
    }

    public int Count => items.Length;
    public decimal All { get; }
    public Ranked this[int place] => items[place];

    /// <summary>The sales of the ranks up to and including <paramref name="place"/> (counting from 0).</summary>
    public decimal Through(int place) => through[place];

    /// <summary>
    /// A while the sales before the place are under <paramref name="a"/> of all sales, B while under <paramref name="ab"/>,
    /// C after (every place is A when there are no sales).
    /// </summary>
    public string ClassOf(int place, decimal a, decimal ab)
    {
        var before = through[place] - items[place].Sales;
        return All == 0 || before < a * All ? "A" : before < ab * All ? "B" : "C";
    }

    /// <summary>
    /// The places <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) widened to whole ties on sales:
    /// the customers that may hold those places once a tie is put in name order.
    /// </summary>
    public (int From, int To) TiesAround(int from, int to)
    {
        if (from >= to) return (from, from);
        while (from > 0 && items[from - 1].Sales == items[from].Sales) from--;
        while (to < items.Length && items[to].Sales == items[to - 1].Sales) to++;
        return (from, to);
    }
}
