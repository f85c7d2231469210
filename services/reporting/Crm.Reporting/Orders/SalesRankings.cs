using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using System.Text;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using Marten;
using Npgsql;

namespace Crm.Reporting.Orders;

/// <summary>
/// Sums of the counted orders per customer or rep under one set of conditions (scope, category, period), ranked (ABC:
/// most sales first; collections: most outstanding, then signed; ties by id), kept per process and brought up to date on
/// each request from the groups whose order rows changed since: a ranking of 100,000 customers then costs a look at
/// what changed and a re-rank in memory, not a new grouping of every order, also while orders are recorded all the time.
/// </summary>
/// <remarks>
/// <para>Exact: a trigger on <see cref="AttributionTables.Table"/> adds, in the transaction of every statement that
/// changes its rows, the customers and owners those rows counted for before and after (<see cref="ChangesTable"/>; a
/// truncate, as a rebuild does, marks everything changed). A ranking is kept with the database snapshot it is exact for,
/// and a request reads, in one repeatable-read transaction, the groups changed by transactions not visible in that
/// snapshot and their sums now, and applies them: nothing committed is missed, nothing still open is read. Sums that
/// change with time alone (overdue) are summed again for the groups with an order that fell due since.</para>
/// <para>A ranking is worked out again in full when everything changed, when more than <see cref="MostChanged"/>
/// groups did, and when it went <see cref="Refresh"/> without a request (changes are kept far longer,
/// <see cref="ChangesPruning"/>). Requests for one ranking take turns; at most <see cref="Capacity"/> are kept.</para>
/// </remarks>
public sealed class SalesRankings(IDocumentStore store, TimeProvider time)
{
    public const string ChangesTable = "rpt_sales_changes";
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    public const int MostChanged = 2000;
    private const int Capacity = 16;

    private readonly ConcurrentDictionary<string, Kept> kept = new(StringComparer.Ordinal);

    /// <summary>The ABC ranking: each customer's sales, most first.</summary>
    public static readonly RankingKind Sales = new("sales", RankingKind.Customer, [$"sum({OrderSales.Total})"], [0]);

    /// <summary>
    /// The collections ranking: each customer's orders, signed, collected, outstanding and overdue (what is still owed on
    /// orders due before now), most outstanding first, then most signed.
    /// </summary>
    public static readonly RankingKind Collections = new("collections", RankingKind.Customer,
        ["count(*)", $"sum({OrderSales.Total})", "sum(o.collected)", "sum(o.outstanding)", "sum(case when o.due_at < ? then o.outstanding else 0 end)"], [3, 1])
    {
        NextDue = "min(o.due_at) filter (where o.due_at >= ? and o.outstanding <> 0)",
    };

    /// <summary>The same per rep: the order's current owner, who collects (no owner: <see cref="Guid.Empty"/>).</summary>
    public static readonly RankingKind CollectionsByRep = Collections with { Name = "collections-rep", Group = RankingKind.Owner };

    /// <summary>The table of changed groups and the triggers that fill it, once per database.</summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        await ReportTables.EnsureAsync(store, "sales-changes", [], schema =>
        {
            var (log, source, function) = ($"{schema}.{ChangesTable}", AttributionTables.Qualified(store, AttributionTables.Table), $"{schema}.{ChangesTable}_of_{AttributionTables.Table}");
            // Every group a changed row counted in before or after: its customer and its current owner (none: the empty id).
            string Groups(string rows) =>
                $"insert into {log} (xid, customer_id, owner_id) select distinct pg_current_xact_id(), {RankingKind.Customer.Logged}, {RankingKind.Owner.Logged} from ({rows}) r;";
            return $$"""
                create table if not exists {{log}} (
                  xid xid8 not null,
                  customer_id uuid,
                  owner_id uuid,
                  everything boolean not null default false);
                create index if not exists {{ChangesTable}}_xid on {{log}} (xid);
                -- A rep's orders, summed again when they changed.
                create index if not exists {{AttributionTables.Table}}_owner on {{source}} (owner_id) where counted;
                create or replace function {{function}}() returns trigger language plpgsql as $fn$
                begin
                  if tg_op = 'TRUNCATE' then
                    insert into {{log}} (xid, everything) values (pg_current_xact_id(), true);
                  elsif tg_op = 'INSERT' then
                    {{Groups("select customer_id, owner_id from new_rows")}}
                  elsif tg_op = 'DELETE' then
                    {{Groups("select customer_id, owner_id from old_rows")}}
                  else
                    {{Groups("select customer_id, owner_id from old_rows union all select customer_id, owner_id from new_rows")}}
                  end if;
                  return null;
                end $fn$;
                {{ReportTables.StatementTriggersSql(ChangesTable, source, function)}}
                """;
        }, ct);
    }

    /// <summary>Forgets the changes of the transactions before <paramref name="horizon"/> (<see cref="ChangesPruning"/>).</summary>
    public static async Task PruneAsync(IDocumentStore store, string horizon, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = Command(connection, null,
            $"delete from {store.Options.DatabaseSchemaName}.{ChangesTable} where xid < CAST(? as xid8)", horizon);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The ranking of the counted orders (alias <c>o</c>) matching <paramref name="where"/>, as of now (sums that depend on
    /// the time: as of its <see cref="Ranking.AsOf"/>); <paramref name="key"/> names everything <paramref name="where"/> depends on.
    /// </summary>
    public async Task<Ranking> GetAsync(RankingKind kind, string key, SqlWhere where, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        key = $"{kind.Name}|{key}";
        var asked = Stopwatch.GetTimestamp();
        if (kept.Count >= Capacity && !kept.ContainsKey(key))
            foreach (var idle in kept.OrderBy(k => k.Value.LastUsed).Take(kept.Count - Capacity + 1).ToList())
                kept.TryRemove(idle);
        var mine = kept.GetOrAdd(key, _ => new Kept(kind, where));
        mine.LastUsed = time.GetUtcNow();
        return await RefreshAsync(mine, asked, ct);
    }

    /// <summary>
    /// Brings every kept ranking up to date (<see cref="RankingsKeeper"/>), so that one not asked for a while stays cheap to
    /// bring up to date and is never older than <see cref="Refresh"/>; forgets those not asked for in <paramref name="idle"/>.
    /// </summary>
    public async Task KeepCurrentAsync(TimeSpan idle, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var (key, mine) in kept.ToList())
        {
            if (now - mine.LastUsed > idle) kept.TryRemove(new KeyValuePair<string, Kept>(key, mine));
            else await RefreshAsync(mine, Stopwatch.GetTimestamp(), ct);
        }
    }

    private async Task<Ranking> RefreshAsync(Kept mine, long asked, CancellationToken ct)
    {
        var (kind, where) = (mine.Kind, mine.Where);
        await mine.Gate.WaitAsync(ct);
        try
        {
            // Brought up to date from a snapshot taken after this request came in (by the request it waited for): current for it too.
            if (mine.Current is not null && mine.SnapshotTakenAt >= asked && !kind.TimeDependent) return mine.Current;
            // Taken in turn, so that the kept sums' time only moves on.
            var now = time.GetUtcNow();
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            string snapshot;
            var taken = Stopwatch.GetTimestamp();
            await using (var first = Command(connection, tx, "select CAST(pg_current_snapshot() as text)"))
                snapshot = (string)(await first.ExecuteScalarAsync(ct))!;
            try
            {
                // Sums that depend on the time are worked out afresh if the clock went back.
                if (mine.Snapshot is null || now - mine.RefreshedAt > Refresh || now < mine.Current!.AsOf || !await ApplyChangesAsync(connection, tx, kind, mine, where, now, ct))
                    await RankAllAsync(connection, tx, kind, mine, where, now, ct);
            }
            catch
            {
                // Whatever was half applied is not trusted: the next request works the ranking out in full.
                mine.Snapshot = null;
                throw;
            }
            await tx.CommitAsync(ct);
            (mine.Snapshot, mine.SnapshotTakenAt, mine.RefreshedAt) = (snapshot, taken, now);
            if (kind.TimeDependent && mine.Current!.AsOf != now) mine.Current = mine.Current.As(now);
            return mine.Current!;
        }
        finally
        {
            mine.Gate.Release();
        }
    }

    /// <summary>
    /// Who holds the places <paramref name="first"/> to <paramref name="last"/> (exclusive), with their names: within a tie
    /// customers go in name order (ordinal, as collation "C" compares UTF-8, then id). Only the customers tied with those
    /// places are named, not 80,000.
    /// </summary>
    public async Task<IReadOnlyList<(Ranked Holder, string Name)>> HoldersAsync(IQuerySession session, Ranking ranking, int first, int last, CancellationToken ct)
    {
        var (from, to) = ranking.TiesAround(first, last);
        var tied = Enumerable.Range(from, to - from).Select(p => ranking[p]).ToList();
        var names = tied.Count == 0 ? new Dictionary<Guid, string>()
            : (await session.AdvancedSql.QueryAsync<Named>(
                $"select jsonb_build_object('id', c.id, 'name', coalesce(c.data ->> 'name', '')) from {await ranking.Kind.Group.Names(store, ct)} c where c.tenant_id = ? and c.id = any(?)",
                ct, JasperFx.StorageConstants.DefaultTenantId, tied.Select(t => t.Key).ToArray())).ToDictionary(n => n.Id, n => n.Name);
        return [.. tied.Select(t => (Holder: t, Name: names.GetValueOrDefault(t.Key, ""), Bytes: Encoding.UTF8.GetBytes(names.GetValueOrDefault(t.Key, ""))))
            .Order(Comparer<(Ranked Holder, string Name, byte[] Bytes)>.Create((x, y) =>
                ranking.Kind.Order.Compare(x.Holder, y.Holder) is var order && ranking.Kind.Tied(x.Holder, y.Holder)
                    ? x.Bytes.AsSpan().SequenceCompareTo(y.Bytes) is var byName and not 0 ? byName : order
                    : order))
            .Skip(first - from).Take(last - first).Select(t => (t.Holder, t.Name))];
    }

    private sealed record Named(Guid Id, string Name);

    /// <summary>The sums per customer of the orders matching <paramref name="where"/> (and <paramref name="only"/>, if given) as of <paramref name="now"/>.</summary>
    private async Task<Dictionary<Guid, Sums>> SumAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RankingKind kind, SqlWhere where, DateTimeOffset now,
        Guid[]? only, CancellationToken ct)
    {
        var sums = new Dictionary<Guid, Sums>();
        var columns = string.Join(", ", kind.Sums.Select(e => $"CAST({e} as numeric)"));
        if (kind.NextDue is { } due) columns += $", {due}";
        object[] values = [.. Enumerable.Repeat<object>(now, kind.TimeParameters), .. where.Parameters, .. only is null ? [] : new object[] { only, only.Contains(Guid.Empty) }];
        await using var command = Command(connection, tx, $"""
            select {kind.Group.Of("o")}, {columns} from {await OrderSales.FromAsync(store, ct)}
            where {where.Sql} and {(only is null ? "true" : kind.Group.AnyOf("o"))} group by 1
            """, values);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new decimal[kind.Sums.Length];
            for (var i = 0; i < row.Length; i++) row[i] = reader.GetDecimal(i + 1);
            var next = kind.NextDue is not null && !reader.IsDBNull(row.Length + 1) ? reader.GetFieldValue<DateTimeOffset>(row.Length + 1) : (DateTimeOffset?)null;
            sums[reader.GetGuid(0)] = new Sums(row, next);
        }
        return sums;
    }

    private async Task RankAllAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RankingKind kind, Kept into, SqlWhere where, DateTimeOffset now, CancellationToken ct)
    {
        var sums = await SumAsync(connection, tx, kind, where, now, null, ct);
        var sorted = sums.Select(s => new Ranked(s.Key, s.Value.Values)).ToList();
        sorted.Sort(kind.Order);
        var due = new SortedSet<(DateTimeOffset Due, Guid Customer)>(sums.Where(s => s.Value.NextDue is not null).Select(s => (s.Value.NextDue!.Value, s.Key)));
        var totals = Ranking.TotalsOf(kind, sorted);
        (into.Sums, into.Sorted, into.Due, into.Totals, into.Current) = (sums, sorted, due, totals, new Ranking(kind, [.. sorted], totals, now));
    }

    /// <summary>
    /// Applies the customers changed since the kept snapshot, and those with an order falling due since the kept sums;
    /// false when the ranking must be worked out in full instead.
    /// </summary>
    private async Task<bool> ApplyChangesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RankingKind kind, Kept into, SqlWhere where,
        DateTimeOffset now, CancellationToken ct)
    {
        var changed = new HashSet<Guid>();
        await using (var command = Command(connection, tx, $"""
            select c.{kind.Group.Column}, c.everything from {store.Options.DatabaseSchemaName}.{ChangesTable} c
            where c.xid >= pg_snapshot_xmin(CAST(? as pg_snapshot)) and not pg_visible_in_snapshot(c.xid, CAST(? as pg_snapshot))
            """, into.Snapshot!, into.Snapshot!))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(1)) return false;
                changed.Add(reader.GetGuid(0));
            }
        foreach (var (_, customer) in into.Due!.TakeWhile(d => d.Due < now)) changed.Add(customer);
        if (changed.Count > MostChanged) return false;
        if (changed.Count == 0) return true;

        var current = await SumAsync(connection, tx, kind, where, now, [.. changed], ct);
        foreach (var customer in changed)
        {
            if (into.Sums!.Remove(customer, out var before))
            {
                into.Sorted!.RemoveAt(into.Sorted.BinarySearch(new Ranked(customer, before.Values), kind.Order));
                for (var i = 0; i < before.Values.Length; i++) into.Totals![i] -= before.Values[i];
                if (before.NextDue is { } due) into.Due!.Remove((due, customer));
            }
            if (current.TryGetValue(customer, out var after))
            {
                into.Sums[customer] = after;
                var at = into.Sorted!.BinarySearch(new Ranked(customer, after.Values), kind.Order);
                into.Sorted.Insert(~at, new Ranked(customer, after.Values));
                for (var i = 0; i < after.Values.Length; i++) into.Totals![i] += after.Values[i];
                if (after.NextDue is { } due) into.Due!.Add((due, customer));
            }
        }
        into.Current = new Ranking(kind, [.. into.Sorted!], into.Totals!, now);
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

    private sealed record Sums(decimal[] Values, DateTimeOffset? NextDue);

    private sealed class Kept(RankingKind kind, SqlWhere where)
    {
        public RankingKind Kind { get; } = kind;
        public SqlWhere Where { get; } = where;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset LastUsed { get; set; }
        public string? Snapshot { get; set; }
        /// <summary>When (<see cref="Stopwatch.GetTimestamp"/>) the snapshot was taken.</summary>
        public long SnapshotTakenAt { get; set; }
        public DateTimeOffset RefreshedAt { get; set; }
        public Dictionary<Guid, Sums>? Sums { get; set; }
        public List<Ranked>? Sorted { get; set; }
        /// <summary>Each customer's next order to fall due with something still owed (time-dependent sums only).</summary>
        public SortedSet<(DateTimeOffset Due, Guid Customer)>? Due { get; set; }
        public decimal[]? Totals { get; set; }
        public Ranking? Current { get; set; }
    }
}

/// <summary>
/// What a ranking sums per customer (<paramref name="Sums"/>, aggregates over the orders <c>o</c>) and ranks by
/// (<paramref name="OrderBy"/>: indexes into the sums, each most first; ties by id, as PostgreSQL orders uuids, which
/// <see cref="Guid.CompareTo(Guid)"/> does too). A <c>?</c> in a sum or in <see cref="NextDue"/> is the time asked for.
/// </summary>
public sealed record RankingKind(string Name, RankingGroup Group, string[] Sums, int[] OrderBy)
{
    /// <summary>Customers (after merges) and their names.</summary>
    public static readonly RankingGroup Customer = new("customer_id", (store, ct) => SqlWhere.TableAsync<ReportCustomer>(store, ct));

    /// <summary>The orders' current owners and their names.</summary>
    public static readonly RankingGroup Owner = new("owner_id", (store, ct) => SqlWhere.TableAsync<Crm.Reporting.Staff.ReportStaff>(store, ct));

    /// <summary>For sums that change with the time: the next due time (at or after the time asked for) from which they would change.</summary>
    public string? NextDue { get; init; }

    public bool TimeDependent => NextDue is not null;

    internal int TimeParameters => Sums.Sum(s => s.Count(c => c == '?')) + (NextDue?.Count(c => c == '?') ?? 0);

    public IComparer<Ranked> Order => order ??= Comparer<Ranked>.Create((x, y) =>
    {
        foreach (var i in OrderBy)
            if (y.Values[i].CompareTo(x.Values[i]) is var most and not 0) return most;
        return x.Key.CompareTo(y.Key);
    });

    /// <summary>Whether two customers tie on what the ranking orders by.</summary>
    public bool Tied(Ranked x, Ranked y) => OrderBy.All(i => x.Values[i] == y.Values[i]);

    private IComparer<Ranked>? order;
}

/// <summary>
/// What a ranking groups the orders by: a uuid column of <see cref="AttributionTables.Table"/> (and of
/// <see cref="SalesRankings.ChangesTable"/>), no value being <see cref="Guid.Empty"/>, with the documents holding the names.
/// </summary>
public sealed record RankingGroup(string Column, Func<IDocumentStore, CancellationToken, Task<string>> Names)
{
    private const string Empty = "'00000000-0000-0000-0000-000000000000'";

    /// <summary>SQL: the group of order row <paramref name="alias"/>.</summary>
    public string Of(string alias) => $"coalesce({alias}.{Column}, {Empty})";

    /// <summary>SQL: the order rows of the groups of two parameters: their ids, and whether the empty one is among them.</summary>
    public string AnyOf(string alias) => $"({alias}.{Column} = any(?) or (? and {alias}.{Column} is null))";

    /// <summary>SQL: the group a changed row (alias <c>r</c>) is logged under.</summary>
    internal string Logged => Of("r");
}

/// <summary>A group's sums in a ranking (<see cref="RankingGroup"/>), in the order of <see cref="RankingKind.Sums"/>.</summary>
public readonly record struct Ranked(Guid Key, decimal[] Values);

/// <summary>One ranking as of one snapshot: never changed once made, so any number of requests read it at once.</summary>
public sealed class Ranking
{
    private readonly Ranked[] items;
    private readonly Lazy<decimal[]> through;

    /// <param name="totals">Each sum over every group (kept as changes are applied, not added up again).</param>
    public Ranking(RankingKind kind, Ranked[] sorted, decimal[] totals, DateTimeOffset asOf)
    {
        AsOf = asOf;
        Kind = kind;
        items = sorted;
        Totals = [.. totals];
        // Running sums only for the rankings that read them (ABC), once per ranking.
        through = new Lazy<decimal[]>(() =>
        {
            var (sums, first, sum) = (new decimal[items.Length], Kind.OrderBy[0], 0m);
            for (var place = 0; place < items.Length; place++) sums[place] = sum += items[place].Values[first];
            return sums;
        });
    }

    /// <summary>Each sum over every group of <paramref name="sorted"/>.</summary>
    public static decimal[] TotalsOf(RankingKind kind, IEnumerable<Ranked> sorted)
    {
        var totals = new decimal[kind.Sums.Length];
        foreach (var item in sorted)
            for (var i = 0; i < totals.Length; i++) totals[i] += item.Values[i];
        return totals;
    }

    private Ranking(Ranking of, DateTimeOffset asOf) => (Kind, items, through, Totals, AsOf) = (of.Kind, of.items, of.through, of.Totals, asOf);

    /// <summary>The same ranking, its time-dependent sums as of <paramref name="asOf"/> (when nothing fell due between).</summary>
    public Ranking As(DateTimeOffset asOf) => new(this, asOf);

    public RankingKind Kind { get; }

    /// <summary>
    /// What <paramref name="make"/> works out from this ranking for <paramref name="key"/>, once: a figure over the whole
    /// ranking (the ABC class totals for a pair of thresholds) is not worked out again for every page asked of it.
    /// </summary>
    public T Memo<T>(object key, Func<Ranking, T> make) where T : class => (T)memo.GetOrAdd(key, _ => make(this));

    private readonly ConcurrentDictionary<object, object> memo = new();

    /// <summary>The time the sums that depend on it are as of.</summary>
    public DateTimeOffset AsOf { get; }

    public int Count => items.Length;

    /// <summary>The places of <paramref name="page"/> (from inclusive, to exclusive) within the ranking.</summary>
    public (int From, int To) Places(ReportPage page) => ((int)Math.Min(page.Offset, Count), (int)Math.Min(page.Through, Count));

    /// <summary>Each sum over every customer.</summary>
    public IReadOnlyList<decimal> Totals { get; }

    public Ranked this[int place] => items[place];

    /// <summary>The first ranked-by sum of the places up to and including <paramref name="place"/> (counting from 0).</summary>
    public decimal Through(int place) => through.Value[place];

    /// <summary>The first ranked-by sum of the places before <paramref name="place"/> (of them all at <see cref="Count"/>).</summary>
    public decimal Before(int place) => place == 0 ? 0 : through.Value[place - 1];

    /// <summary>
    /// The first place whose <see cref="Before"/> reaches <paramref name="threshold"/> (<see cref="Count"/> if none does), found
    /// by halving; null when a sum is negative, as running sums then may fall and the places are to be looked at one by one.
    /// </summary>
    public int? FirstReaching(decimal threshold)
    {
        if (items.Length > 0 && items[^1].Values[Kind.OrderBy[0]] < 0) return null;
        var (low, high) = (0, items.Length);
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (Before(middle) >= threshold) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    /// <summary>
    /// The places <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) widened to whole ties: the
    /// customers that may hold those places once a tie is put in name order.
    /// </summary>
    public (int From, int To) TiesAround(int from, int to)
    {
        if (from >= to) return (from, from);
        while (from > 0 && Kind.Tied(items[from - 1], items[from])) from--;
        while (to < items.Length && Kind.Tied(items[to], items[to - 1])) to++;
        return (from, to);
    }
}
