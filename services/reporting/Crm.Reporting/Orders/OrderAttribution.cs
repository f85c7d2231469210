using Crm.Contracts.Customers;
using Crm.Contracts.Sales;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using static Crm.Reporting.Orders.Attribution.AttributionTables;

namespace Crm.Reporting.Orders;

/// <summary>
/// Who and what each order's sale counts for, resolved when events are recorded rather than when a report
/// is read: one flat row per order (<see cref="AttributionTables.Table"/>) and one per order line (<see cref="AttributionTables.LinesTable"/>),
/// read by every sales analysis through <see cref="OrderSales"/>.
/// </summary>
/// <remarks>
/// <para>A row holds the order's branch at signing, the rep who signed it, its current owner, its amounts,
/// and the resolved customer (the one it was signed to, or while merges stand, the last survivor of the
/// chain) with the category that customer held at the signing time (its earliest known one when the
/// customer is younger than the order). The resolution itself is <see cref="OrderSales.ResolvedFromAsync"/>,
/// the same rules the reports used to apply per read.</para>
/// <para>Re-resolved in the recording transaction, after the report documents it depends on are written:
/// an order event re-resolves its order; a customer event that can change a category history or a merge
/// (registered, profile updated, transferred, merged, unmerged) re-resolves the orders signed to that
/// customer and to every customer merged into it, through any chain.</para>
/// <para>Orders and customers are recorded from different queues at once. So that an order recorded while
/// its customer's change commits is not left resolved from the customer's old row, both paths take
/// transaction-scoped advisory locks on the customers the resolution reads (an order: its customer and
/// the survivors up its chain; a customer event: the customer, its survivors and the customers merged
/// into it; an order's shared with other orders, a customer event's exclusive), then resolve in a later
/// statement, which sees whatever the other committed.</para>
/// <para>A rebuild refreshes every row (<see cref="RefreshAllAsync"/>); an existing deployment runs the
/// rebuild once to fill the rows for orders recorded before they existed.</para>
/// </remarks>
public static class OrderAttribution
{
    /// <summary>How deep a chain of merges is followed (as the resolution does).</summary>
    private const int MergeDepth = 16;

    /// <summary>Report rows are written in the default tenant; its key leads their primary keys, so lookups by id name it.</summary>
    private const string Tenant = JasperFx.StorageConstants.DefaultTenantId;

    /// <summary>Creates the attribution tables once per database (they are not Marten documents).</summary>
    public static Task EnsureAsync(IDocumentStore store, CancellationToken ct) =>
        ReportTables.EnsureAsync(store, "attribution", [typeof(ReportOrder), typeof(ReportCustomer), typeof(Crm.Reporting.Staff.ReportBranch)], schema => $"""
            create table if not exists {schema}.{Table} (
              order_id uuid primary key,
              signed_customer_id uuid,
              customer_id uuid,
              category text not null default '',
              branch text not null default '',
              signed_owner_id uuid,
              owner_id uuid,
              signed_at timestamptz,
              due_at timestamptz,
              total numeric not null default 0,
              collected numeric not null default 0,
              outstanding numeric not null default 0,
              counted boolean not null default false);
            create index if not exists {Table}_signed_customer on {schema}.{Table} (signed_customer_id);
            create index if not exists {Table}_customer on {schema}.{Table} (customer_id) where counted;
            create table if not exists {schema}.{LinesTable} (
              order_id uuid not null,
              line int not null,
              product_id uuid not null,
              branch text not null default '',
              signed_owner_id uuid,
              signed_at timestamptz,
              counted boolean not null default false,
              product_code text not null default '',
              product_name text not null default '',
              product_category text not null default '',
              quantity numeric not null default 0,
              line_total numeric not null default 0,
              primary key (order_id, line));
            -- What was owed at a past month's end: signed, not yet cancelled, not yet paid in full. open_until is the
            -- first of the cancellation and the time the payments (less reversed ones) reached the total; 'infinity' while open.
            alter table {schema}.{Table} add column if not exists is_signed boolean not null default false;
            alter table {schema}.{Table} add column if not exists cancelled_at timestamptz;
            alter table {schema}.{Table} add column if not exists open_until timestamptz;
            -- Read by nothing since the month ends read the owed changes per day: the signing-time indexes (the reports
            -- read local days) and when the last payment came in.
            drop index if exists {schema}.{Table}_signed_at;
            drop index if exists {schema}.{LinesTable}_signed_at;
            alter table {schema}.{Table} drop column if exists last_paid_at;
            -- A branch's signed orders by time, with what the monthly report reads of them (an index-only range per month).
            create index if not exists {Table}_branch_signed on {schema}.{Table} (branch, signed_at) include (total, counted, cancelled_at) where is_signed;
            drop index if exists {schema}.{Table}_branch;
            -- What was owed at a month's end is read from the owed changes per day (OwedTable), not the open spans.
            drop index if exists {schema}.{Table}_open;
            create table if not exists {schema}.{PaymentsTable} (
              order_id uuid not null,
              payment_id uuid not null,
              branch text not null default '',
              received_at timestamptz not null,
              amount numeric not null default 0,
              primary key (order_id, payment_id));
            create index if not exists {PaymentsTable}_received on {schema}.{PaymentsTable} (branch, received_at) include (amount);
            create index if not exists {PaymentsTable}_order on {schema}.{PaymentsTable} (order_id, received_at) include (amount);
            -- Reversed payments are kept with their reversal time: paid until then (before, a reversal took the payment out of every month).
            alter table {schema}.{PaymentsTable} add column if not exists reversed_at timestamptz;
            create index if not exists {PaymentsTable}_reversed on {schema}.{PaymentsTable} (branch, reversed_at) include (amount) where reversed_at is not null;
            -- The local day of signing in the order's branch (BranchCalendar), kept with the row so that reports filter
            -- and group by an indexed column; re-computed when the branch's time zone becomes known (BranchOpened).
            alter table {schema}.{Table} add column if not exists local_day date;
            alter table {schema}.{LinesTable} add column if not exists local_day date;
            -- Rows still without their day (recorded before the column, or by an older process during an upgrade) are filled at
            -- start-up; the partial indexes hold only those, so that a start on a filled database finds none without a scan.
            create index if not exists {Table}_day_missing on {schema}.{Table} (order_id) where local_day is null and signed_at is not null;
            create index if not exists {LinesTable}_day_missing on {schema}.{LinesTable} (order_id) where local_day is null and signed_at is not null;
            update {schema}.{Table} f set local_day = {LocalDaySql(schema, "f.signed_at", "f.branch")} where f.local_day is null and f.signed_at is not null;
            update {schema}.{LinesTable} f set local_day = {LocalDaySql(schema, "f.signed_at", "f.branch")} where f.local_day is null and f.signed_at is not null;
            create index if not exists {Table}_local_day on {schema}.{Table} (local_day) include (branch, customer_id, category, total) where counted;
            create index if not exists {Table}_owner_day on {schema}.{Table} (signed_owner_id, local_day) where counted;
            create index if not exists {LinesTable}_local_day on {schema}.{LinesTable} (local_day) include (branch, product_id, quantity, line_total) where counted;
            create index if not exists {LinesTable}_owner_day on {schema}.{LinesTable} (signed_owner_id, local_day) where counted;
            -- One product's lines by day, the latest first (its name as on its latest order in a period).
            create index if not exists {LinesTable}_product_day on {schema}.{LinesTable} (product_id, local_day, signed_at) where counted;
            drop index if exists {schema}.{LinesTable}_product;
            {RollupSql(schema, Daily)}
            {RollupSql(schema, ProductMonths)}
            alter table {schema}.{Table} add column if not exists owed_from date, add column if not exists owed_until date,
              add column if not exists overdue_from date, add column if not exists overdue_until date;
            alter table {schema}.{PaymentsTable} add column if not exists owed_from date, add column if not exists owed_until date,
              add column if not exists overdue_from date, add column if not exists overdue_until date;
            -- The same for the owed days (partial indexes of the rows without them).
            create index if not exists {Table}_owed_missing on {schema}.{Table} (order_id) where owed_from is null and is_signed and signed_at is not null;
            create index if not exists {PaymentsTable}_owed_missing on {schema}.{PaymentsTable} (order_id) where owed_from is null;
            {string.Join(";\n", OwedDaysUpdateSql(schema, "f.owed_from is null", "y.owed_from is null"))};
            {RollupSql(schema, OwedOrders)}
            {RollupSql(schema, OwedPayments)}
            """, ct);

    /// <summary>SQL: the local day of instant <paramref name="instant"/> in the branch whose code is <paramref name="branch"/> (its known zone, else the default).</summary>
    private static string LocalDaySql(string schema, string instant, string branch) => BranchCalendar.DaySql(instant, ZoneSql(schema, branch));

    /// <summary>The changes appended to a sums table (<see cref="AttributionTables.DailyTable"/> and the others) until <see cref="MergePendingAsync"/> adds them in.</summary>
    private const string PendingSuffix = "_pending";

    private static Rollup[] Rollups => [Daily, ProductMonths, OwedOrders];

    /// <summary>
    /// Adds the pending changes into each sums table and removes them, in one transaction per table (rows of a key
    /// in key order, so that two merges at once do not deadlock); returns how many changes it moved.
    /// </summary>
    public static async Task<int> MergePendingAsync(IDocumentStore store, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        var moved = 0;
        var schema = store.Options.DatabaseSchemaName;
        // One look at every pending table first: an idle database costs one query per merge, not one per table.
        string[] pending;
        await using (var look = store.QuerySession())
            pending = [.. await look.AdvancedSql.QueryAsync<string>(string.Join(" union all ", Rollups.Select(r =>
                $"(select '{r.Table}' from {schema}.{r.Table}{PendingSuffix} limit 1)")), ct)];
        foreach (var rollup in Rollups.Where(r => pending.Contains(r.Table)))
        {
            var (table, keys) = ($"{schema}.{rollup.Table}", string.Join(", ", rollup.Keys));
            await using var session = store.QuerySession();
            var counts = await session.AdvancedSql.QueryAsync<int>($"""
                with moved as (delete from {table}{PendingSuffix} returning *),
                added as (
                  insert into {table} as d ({keys}, {string.Join(", ", rollup.Sums)})
                  select {keys}, {string.Join(", ", rollup.Sums.Select(c => $"sum({c})"))} from moved group by {keys} order by {keys}
                  on conflict ({keys}) do update set {string.Join(", ", rollup.Sums.Select(c => $"{c} = d.{c} + excluded.{c}"))}
                  returning 1)
                select CAST(count(*) as int) from moved
                """, ct);
            moved += counts.Single();
        }
        return moved;
    }

    /// <summary>
    /// Sums of the counted rows of <paramref name="Source"/> per key, kept in <paramref name="Table"/> (<c>Keys</c>
    /// from the source row <c>r</c>'s <c>KeyExpressions</c>, <c>Sums</c> of <c>SumExpressions</c>).
    /// </summary>
    private sealed record Rollup(string Table, string Source, string[] Keys, string[] KeyTypes, string[] KeyExpressions, string[] Sums, string[] SumExpressions)
    {
        /// <summary>What each source row <c>r</c> is spread into (a lateral join), and which of the results count.</summary>
        public string Expand { get; init; } = "";
        public string Filter { get; init; } = "r.counted and r.local_day is not null";
        /// <summary>Whether the table is filled from another source too (installed after it: not emptied first).</summary>
        public bool Shared { get; init; }
    }

    private static readonly Rollup Daily = new(DailyTable, Table,
        ["branch", "local_day", "category"], ["text", "date", "text"], ["r.branch", "r.local_day", "r.category"],
        ["orders", "total"], ["count(*)", "sum(r.total)"]);

    private static readonly Rollup ProductMonths = new(ProductMonthTable, LinesTable,
        ["branch", "month", "product_id", "product_category"], ["text", "date", "uuid", "text"],
        ["r.branch", "CAST(date_trunc('month', r.local_day) as date)", "r.product_id", "r.product_category"],
        ["lines", "quantity", "sales"], ["count(*)", "sum(r.quantity)", "sum(r.line_total)"]);

    /// <summary>An order's changes to what was owed: its total from its signing day until the day it closed, overdue from its due time.</summary>
    private static readonly Rollup OwedOrders = new(OwedTable, Table,
        ["branch", "local_day"], ["text", "date"], ["r.branch", "v.day"], ["outstanding", "overdue"], ["sum(v.outstanding)", "sum(v.overdue)"])
    {
        Expand = "cross join lateral (values (r.owed_from, r.total, 0), (r.owed_until, -r.total, 0), (r.overdue_from, 0, r.total), (r.overdue_until, 0, -r.total)) v(day, outstanding, overdue)",
        // A change on no day ('infinity': the order is still open) never counts.
        Filter = "v.day is not null and v.day < 'infinity'",
    };

    /// <summary>A payment's: its amount off from the day it came in until the day its order closed or it was reversed.</summary>
    private static readonly Rollup OwedPayments = OwedOrders with
    {
        Source = PaymentsTable,
        Expand = "cross join lateral (values (r.owed_from, -r.amount, 0), (r.owed_until, r.amount, 0), (r.overdue_from, 0, -r.amount), (r.overdue_until, 0, r.amount)) v(day, outstanding, overdue)",
        Shared = true,
    };

    /// <summary>
    /// SQL: the local days (<c>owed_from</c>, <c>owed_until</c>, <c>overdue_from</c>, <c>overdue_until</c>) of a signed
    /// order (signed at <paramref name="signed"/>, due at <paramref name="due"/>, closed at <paramref name="openUntil"/>,
    /// 'infinity' while open) or of one of its payments (<paramref name="received"/>), in zone <paramref name="zone"/>:
    /// it counts as owed from the first to the second (exclusive), as overdue from the third to the fourth. A month
    /// ending before day D closed owing the changes of the days before D: the instants before D's midnight.
    /// </summary>
    private static string OwedDays(string isSigned, string signed, string due, string openUntil, string zone, string? received = null, string? reversed = null)
    {
        var from = received is null ? signed : $"greatest({received}, {signed})";
        // A reversed payment stops counting when it was reversed, if its order was still open then.
        if (reversed is not null) openUntil = $"least({openUntil}, coalesce({reversed}, 'infinity'))";
        string Day(string instant, string? also = null) =>
            $"case when {isSigned} and {signed} is not null{(also is null ? "" : $" and {also} is not null")} then {BranchCalendar.DaySql(instant, zone)} end";
        return $"""
            {Day(from)}, {Day($"greatest({from}, {openUntil})")},
            {Day($"greatest({from}, {due})", due)}, {Day($"greatest({from}, {due}, {openUntil})", due)}
            """;
    }

    /// <summary>The zone of branch code <paramref name="branch"/> (<see cref="BranchCalendar.ZoneSql"/>).</summary>
    private static string ZoneSql(string schema, string branch) => BranchCalendar.ZoneSql($"{schema}.mt_doc_reportbranch", branch);

    /// <summary>Sets the owed days of the orders (alias <c>f</c>) matching <paramref name="where"/>, and of the payments (<c>y</c>) of those matching <paramref name="payments"/>, from their columns.</summary>
    private static string[] OwedDaysUpdateSql(string schema, string where, string? payments = null) =>
    [
        $"""
        update {schema}.{Table} f set (owed_from, owed_until, overdue_from, overdue_until) =
          (select {OwedDays("f.is_signed", "f.signed_at", "f.due_at", "f.open_until", "z.zone")} from (select {ZoneSql(schema, "f.branch")} as zone) z)
        where f.is_signed and f.signed_at is not null and ({where})
        """,
        $"""
        update {schema}.{PaymentsTable} y set (owed_from, owed_until, overdue_from, overdue_until) =
          (select {OwedDays("f.is_signed", "f.signed_at", "f.due_at", "f.open_until", "z.zone", "y.received_at", "y.reversed_at")} from (select {ZoneSql(schema, "f.branch")} as zone) z)
        from {schema}.{Table} f where f.order_id = y.order_id and f.is_signed and f.signed_at is not null and ({payments ?? where})
        """,
    ];

    /// <summary>
    /// The table of a <see cref="Rollup"/> and the triggers that keep it equal to its source's counted rows summed per
    /// key: once per statement, over the rows it inserted, changed or deleted (a merge re-resolving thousands of
    /// orders adds them up once), in key order so that concurrent recordings take the sum rows' locks in the same
    /// order. A truncate (a rebuild) empties it too. Installed with a fill from the rows already there, in the same
    /// transaction, so that it starts equal.
    /// </summary>
    private static string RollupSql(string schema, Rollup rollup)
    {
        var (table, source) = ($"{schema}.{rollup.Table}", $"{schema}.{rollup.Source}");
        var keys = string.Join(", ", rollup.Keys);
        var columns = $"{keys}, {string.Join(", ", rollup.Sums)}";
        var ordinals = string.Join(", ", rollup.Keys.Select((_, i) => i + 1));
        string Select(string rows, string sign) => $"""
            select {string.Join(", ", rollup.KeyExpressions)}, {string.Join(", ", rollup.SumExpressions.Select(e => $"{sign}{e}"))}
            from {rows} r {rollup.Expand} where {rollup.Filter} group by {ordinals}
            """;
        // The net change per key of the rows a statement took away (old) and wrote (new), appended to the pending
        // changes: no row is updated in place, so recordings touching the same day wait for nobody. An update that
        // leaves a key's sums as they were (a payment, for the daily sums) writes nothing.
        string Apply(params (string Rows, string Sign)[] parts) => $"""
            insert into {table}{PendingSuffix} ({columns})
              select {keys}, {string.Join(", ", rollup.Sums.Select(c => $"sum({c})"))} from (
                {string.Join(" union all ", parts.Select(p => $"({Select(p.Rows, p.Sign)})"))}) c ({columns})
              group by {ordinals} having {string.Join(" or ", rollup.Sums.Select(c => $"sum({c}) <> 0"))};
            """;
        var trigger = $"{rollup.Table}_of_{rollup.Source}";
        var function = $"{schema}.{trigger}";
        return $$"""
            create table if not exists {{table}} (
              {{string.Join(", ", rollup.Keys.Select((k, i) => $"{k} {rollup.KeyTypes[i]} not null"))}},
              {{string.Join(", ", rollup.Sums.Select(c => $"{c} numeric not null default 0"))}},
              primary key ({{keys}}));
            create table if not exists {{table}}{{PendingSuffix}} (like {{table}});
            -- Group-wide periods, across the branches that lead the key.
            create index if not exists {{rollup.Table}}_period on {{table}} ({{rollup.Keys[1]}});
            create or replace function {{function}}() returns trigger language plpgsql as $fn$
            begin
              if tg_op = 'TRUNCATE' then
                truncate {{table}}, {{table}}{{PendingSuffix}};
                return null;
              end if;
              if tg_op = 'UPDATE' then
                {{Apply(("old_rows", "-"), ("new_rows", ""))}}
              elsif tg_op = 'DELETE' then
                {{Apply(("old_rows", "-"))}}
              else
                {{Apply(("new_rows", ""))}}
              end if;
              return null;
            end $fn$;
            {{ReportTables.StatementTriggersSql(trigger, source, function, $"""
                {(rollup.Shared ? "" : $"truncate {table}, {table}{PendingSuffix};")}
                insert into {table} as d ({columns}) {Select(source, "")}
                  on conflict ({keys}) do update set {string.Join(", ", rollup.Sums.Select(c => $"{c} = d.{c} + excluded.{c}"))};
                """)}}
            """;
    }

    /// <summary>The order events that change an order's row.</summary>
    private static readonly Type[] OrderKinds =
        [typeof(OrderSigned), typeof(OrderCancelled), typeof(PaymentReceived), typeof(PaymentReversed), typeof(OrderOwnerAssigned)];

    /// <summary>The customer events that can change which customer or category an order counts for.</summary>
    private static readonly Type[] CustomerKinds =
        [typeof(CustomerRegistered), typeof(CustomerProfileUpdated), typeof(CustomerTransferred), typeof(CustomersMerged), typeof(CustomersUnmerged)];

    /// <summary>The kinds of event attribution is resolved from.</summary>
    public static readonly IReadOnlyList<Type> EventKinds = [.. OrderKinds, .. CustomerKinds, typeof(Crm.Contracts.Identity.BranchOpened)];

    public static bool ChangesOrder(object data) => OrderKinds.Contains(data.GetType());

    public static bool ChangesAttribution(object data) => CustomerKinds.Contains(data.GetType());

    /// <summary>The branch whose time zone an event makes known (and so the local days of its orders), if any.</summary>
    public static string? ChangesCalendarOf(object data) => data is Crm.Contracts.Identity.BranchOpened opened ? opened.Branch : null;

    /// <summary>
    /// Queues, after the branch rows are written, the local days of the orders and lines of <paramref name="branches"/>
    /// again from their time zones now known (orders recorded before their branch took the default zone).
    /// </summary>
    public static async Task QueueCalendarAsync(IDocumentOperations operations, IReadOnlyCollection<string> branches, CancellationToken ct)
    {
        if (branches.Count == 0) return;
        var store = operations.DocumentStore;
        await EnsureAsync(store, ct);
        var schema = store.Options.DatabaseSchemaName;
        object[] codes = [branches.ToArray()];
        foreach (var table in new[] { Table, LinesTable })
            operations.QueueSqlCommand($"""
                update {schema}.{table} f set local_day = {LocalDaySql(schema, "f.signed_at", "f.branch")}
                where f.branch = any(?) and f.local_day is distinct from {LocalDaySql(schema, "f.signed_at", "f.branch")}
                """, codes);
        foreach (var statement in OwedDaysUpdateSql(schema, "f.branch = any(?)")) operations.QueueSqlCommand(statement, codes);
    }

    /// <summary>The recursive CTE <c>up(id)</c>: the given customers and the survivors up their merge chains.</summary>
    private static string Up(string customers, string seed) => $"""
        up(id, depth) as (
          select s, 0 from unnest({seed}) s
          union all
          select c.merged_into, up.depth + 1 from {customers} c join up on c.tenant_id = '{Tenant}' and c.id = up.id
          where c.merged_into is not null and up.depth < {MergeDepth})
        """;

    /// <summary>The recursive CTE <c>down(id)</c>: the given customers and every customer merged into them, through any chain.</summary>
    private static string Down(string customers, string seed) => $"""
        down(id, depth) as (
          select s, 0 from unnest({seed}) s
          union all
          select c.id, down.depth + 1 from {customers} c join down on c.tenant_id = '{Tenant}' and c.merged_into = down.id
          where down.depth < {MergeDepth})
        """;

    /// <summary>
    /// Locks each customer of <c>locked</c>, in key order. A customer event takes them exclusively; order events
    /// share them, since orders of the same customer do not read each other's rows: they wait only for a change
    /// of the customer (and it for them), not for one another.
    /// </summary>
    private static string LockEach(bool shared) =>
        $"select pg_advisory_xact_lock{(shared ? "_shared" : "")}(k) from (select distinct hashtextextended('crm-sale:' || CAST(id as text), 0) as k from locked) l order by k";

    /// <summary>Queues, in the recording transaction, the locks and re-resolution for the orders and customers recorded.</summary>
    public static async Task QueueAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> orders, IReadOnlyCollection<Guid> customers, CancellationToken ct)
    {
        if (orders.Count == 0 && customers.Count == 0) return;
        var store = operations.DocumentStore;
        await EnsureAsync(store, ct);
        var customerTable = await SqlWhere.TableAsync<ReportCustomer>(store, ct);
        var orderTable = await SqlWhere.TableAsync<ReportOrder>(store, ct);
        var facts = Qualified(store, Table);
        var orderIds = orders.ToArray();
        var customerIds = customers.ToArray();

        // 1. Locks, each statement reading the merge chains as committed so far (and this transaction's own rows).
        operations.QueueSqlCommand($"""
            with recursive {Up(customerTable, $"(select array_agg(CAST(o.data ->> 'customerId' as uuid)) from {orderTable} o where o.tenant_id = '{Tenant}' and o.id = any(?))")},
            locked as (select id from up)
            {LockEach(shared: customerIds.Length == 0)}
            """, orderIds);
        operations.QueueSqlCommand($"""
            with recursive {Up(customerTable, "CAST(? as uuid[])")}, {Down(customerTable, "CAST(? as uuid[])")},
            locked as (select id from up union select id from down)
            {LockEach(shared: false)}
            """, customerIds, customerIds);

        // 2. Resolution, in statements that start once the locks are held.
        var affected = $"""
            with recursive {Down(customerTable, "CAST(? as uuid[])")}
            select order_id from {facts} f where f.signed_customer_id in (select id from down)
            union select unnest(CAST(? as uuid[]))
            """;
        await QueueResolveAsync(operations, store, affected, [customerIds, orderIds], ct);
    }

    /// <summary>Re-resolves the orders whose ids <paramref name="orderIdsSql"/> selects.</summary>
    private static async Task QueueResolveAsync(IDocumentOperations operations, IDocumentStore store, string orderIdsSql, object[] parameters, CancellationToken ct)
    {
        // Naming the tenant lets each statement find the orders by their primary key (tenant, id), not scan them all.
        var which = $"o.tenant_id = '{Tenant}' and o.id in ({orderIdsSql})";
        var (upsert, lines) = await ResolveSqlAsync(store, await OrderSales.ResolvedFromAsync(store, ct), which, ct);
        // Only what changed is written (an unchanged line or payment is neither deleted nor written again), so that the
        // sums' triggers and the indexes see only real changes: a payment leaves its order's lines alone.
        var orders = await SqlWhere.TableAsync<ReportOrder>(store, ct);
        operations.QueueSqlCommand(upsert, parameters);
        operations.QueueSqlCommand($"""
            delete from {Qualified(store, LinesTable)} d where d.order_id in ({orderIdsSql})
              and d.line > coalesce((select jsonb_array_length(o.data -> 'lines') from {orders} o where o.tenant_id = '{Tenant}' and o.id = d.order_id), 0)
            """, parameters);
        operations.QueueSqlCommand(lines, parameters);
        operations.QueueSqlCommand($"""
            delete from {Qualified(store, PaymentsTable)} d where d.order_id in ({orderIdsSql})
              and not exists (select 1 from {orders} o cross join lateral jsonb_array_elements(coalesce(o.data -> 'payments', '[]')) x
                              where o.tenant_id = '{Tenant}' and o.id = d.order_id and x ->> 'receivedAt' is not null and x ->> 'paymentId' = CAST(d.payment_id as text))
            """, parameters);
        operations.QueueSqlCommand(await PaymentsSqlAsync(store, which, ct), parameters);
    }

    /// <summary>SQL: the upsert's conflict clause that writes <paramref name="columns"/> only when one of them changed.</summary>
    private static string UpdateChanged(string alias, params string[] columns) => $"""
        do update set {string.Join(", ", columns.Select(c => $"{c} = excluded.{c}"))}
        where ({string.Join(", ", columns.Select(c => $"{alias}.{c}"))}) is distinct from ({string.Join(", ", columns.Select(c => $"excluded.{c}"))})
        """;

    /// <summary>The insert of the payments (reversed ones with their reversal time) of the orders matching <paramref name="which"/>.</summary>
    private static async Task<string> PaymentsSqlAsync(IDocumentStore store, string which, CancellationToken ct) => $"""
        insert into {Qualified(store, PaymentsTable)} as t (order_id, payment_id, branch, received_at, amount, reversed_at, owed_from, owed_until, overdue_from, overdue_until)
        select o.id, pa.payment_id, coalesce(o.data ->> 'branch', ''), pa.received_at, pa.amount, pa.reversed_at,
               {OwedDays("f.is_signed", "f.signed_at", "f.due_at", "f.open_until", "z.zone", "pa.received_at", "pa.reversed_at")}
        from {await SqlWhere.TableAsync<ReportOrder>(store, ct)} o {PaymentsOf("o")}
        -- the order's row, written by the statement before
        join {Qualified(store, Table)} f on f.order_id = o.id
        cross join lateral (select {ZoneSql(store.Options.DatabaseSchemaName, "f.branch")} as zone) z
        where {which}
        on conflict (order_id, payment_id) {UpdateChanged("t", "branch", "received_at", "amount", "reversed_at", "owed_from", "owed_until", "overdue_from", "overdue_until")}
        """;

    /// <summary>
    /// SQL: the payments received on order document <paramref name="o"/> (alias <c>pa</c>: <c>payment_id</c>,
    /// <c>received_at</c>, <c>amount</c>, <c>reversed_at</c>). A reversed payment's reversal time is never before its
    /// receipt; one folded before reporting kept reversal times (<see cref="ReportOrder.Reversals"/>) counts as
    /// reversed when it was received, that is never paid, as it did then.
    /// </summary>
    private static string PaymentsOf(string o) => $"""
        cross join lateral jsonb_array_elements(coalesce({o}.data -> 'payments', '[]')) x
        cross join lateral (
          select CAST(x ->> 'paymentId' as uuid) as payment_id, CAST(x ->> 'receivedAt' as timestamptz) as received_at,
                 coalesce(CAST(x ->> 'amount' as numeric), 0) as amount,
                 case when jsonb_exists(coalesce({o}.data -> 'reversedPayments', '[]'), x ->> 'paymentId') then greatest(
                   CAST(x ->> 'receivedAt' as timestamptz),
                   coalesce((select min(CAST(v ->> 'reversedAt' as timestamptz)) from jsonb_array_elements(coalesce({o}.data -> 'reversals', '[]')) v
                             where v ->> 'paymentId' = x ->> 'paymentId'), CAST(x ->> 'receivedAt' as timestamptz))) end as reversed_at
          where x ->> 'receivedAt' is not null) pa
        """;

    /// <summary>The upsert of the rows and the insert of the lines of the orders matching <paramref name="which"/>.</summary>
    private static async Task<(string Upsert, string Lines)> ResolveSqlAsync(IDocumentStore store, string resolved, string which, CancellationToken ct)
    {
        var orderTable = await SqlWhere.TableAsync<ReportOrder>(store, ct);
        var schema = store.Options.DatabaseSchemaName;
        var upsert = $"""
            insert into {Qualified(store, Table)} as t (order_id, signed_customer_id, customer_id, category, branch, signed_owner_id, owner_id,
                                                   signed_at, due_at, total, collected, outstanding, counted, is_signed, cancelled_at, open_until, local_day,
                                                   owed_from, owed_until, overdue_from, overdue_until)
            select o.id, CAST(o.data ->> 'customerId' as uuid), {OrderSales.ResolvedCustomer}, {OrderSales.ResolvedCategory}, coalesce(o.data ->> 'branch', ''),
                   CAST(coalesce(o.data ->> 'signedOwnerId', o.data ->> 'ownerId') as uuid), CAST(o.data ->> 'ownerId' as uuid),
                   CAST(o.data ->> 'signedAt' as timestamptz), CAST(o.data ->> 'dueAt' as timestamptz),
                   coalesce(CAST(o.data ->> 'total' as numeric), 0), coalesce(CAST(o.data ->> 'collected' as numeric), 0),
                   coalesce(CAST(o.data ->> 'outstanding' as numeric), 0), coalesce(CAST(o.data ->> 'counted' as boolean), false),
                   k.is_signed, cl.cancelled_at, k.open_until, {BranchCalendar.DaySql("k.signed_at", "k.zone")},
                   {OwedDays("k.is_signed", "k.signed_at", "k.due_at", "k.open_until", "k.zone")}
            from {resolved}
            cross join lateral (
              select case when o.data ->> 'cancelled' = 'true' then coalesce(CAST(o.data ->> 'cancelledAt' as timestamptz), '-infinity') end as cancelled_at,
                     -- Paid in full for good: the first payment or reversal (in time order) from which on what was paid
                     -- never fell short of the total again, none while it is short now. A reversal can re-open an order
                     -- that was paid in full, and its payments count until they were reversed (PaymentsOf).
                     (select min(s.at) from (
                        select r.at, r.n, r.paid, max(case when r.paid < k0.total then r.n end) over () as last_short from (
                          select e.at, row_number() over paid as n, sum(e.amount) over paid as paid
                          from (select pa.payment_id, c.at, c.kind, c.amount from (select 1) one {PaymentsOf("o")}
                                cross join lateral (values (pa.received_at, 0, pa.amount), (pa.reversed_at, 1, -pa.amount)) c(at, kind, amount)
                                where c.at is not null) e
                          window paid as (order by e.at, e.kind, e.payment_id rows between unbounded preceding and current row)) r) s
                      where s.paid >= k0.total and s.n > coalesce(s.last_short, 0)) as settled_at
              from (select coalesce(CAST(o.data ->> 'total' as numeric), 0) as total) k0) cl
            cross join lateral (
              select coalesce(least(cl.cancelled_at, cl.settled_at), 'infinity') as open_until, CAST(o.data ->> 'signedAt' as timestamptz) as signed_at,
                     CAST(o.data ->> 'dueAt' as timestamptz) as due_at, coalesce(CAST(o.data ->> 'isSigned' as boolean), false) as is_signed,
                     {ZoneSql(schema, "coalesce(o.data ->> 'branch', '')")} as zone) k
            where {which}
            on conflict (order_id) {UpdateChanged("t", "signed_customer_id", "customer_id", "category", "branch", "signed_owner_id", "owner_id",
                "signed_at", "due_at", "total", "collected", "outstanding", "counted", "is_signed", "cancelled_at", "open_until",
                "local_day", "owed_from", "owed_until", "overdue_from", "overdue_until")}
            """;
        var lines = $"""
            insert into {Qualified(store, LinesTable)} as t (order_id, line, product_id, branch, signed_owner_id, signed_at, counted,
                                                        product_code, product_name, product_category, quantity, line_total, local_day)
            select o.id, CAST(l.n as int), CAST(l.v ->> 'productId' as uuid), coalesce(o.data ->> 'branch', ''),
                   CAST(coalesce(o.data ->> 'signedOwnerId', o.data ->> 'ownerId') as uuid), CAST(o.data ->> 'signedAt' as timestamptz),
                   coalesce(CAST(o.data ->> 'counted' as boolean), false),
                   coalesce(l.v ->> 'productCode', ''), coalesce(l.v ->> 'productName', ''),
                   coalesce(l.v ->> 'productCategory', ''), coalesce(CAST(l.v ->> 'quantity' as numeric), 0), coalesce(CAST(l.v ->> 'lineTotal' as numeric), 0),
                   {LocalDaySql(schema, "CAST(o.data ->> 'signedAt' as timestamptz)", "coalesce(o.data ->> 'branch', '')")}
            from {orderTable} o cross join lateral jsonb_array_elements(o.data -> 'lines') with ordinality l(v, n)
            where {which}
            on conflict (order_id, line) {UpdateChanged("t", "product_id", "branch", "signed_owner_id", "signed_at", "counted",
                "product_code", "product_name", "product_category", "quantity", "line_total", "local_day")}
            """;
        return (upsert, lines);
    }

    /// <summary>Resolves every order again (after a rebuild, or to fill the rows of orders recorded before they existed).</summary>
    public static async Task RefreshAllAsync(IDocumentStore store, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        var (upsert, lines) = await ResolveSqlAsync(store, await OrderSales.ResolvedAllFromAsync(store, ct), "true", ct);
        // Every order at once: far longer than one recorded event may take.
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { Timeout = 3600 });
        // Truncate locks both tables until the rows are back: recording waits rather than resolve half-way through.
        session.QueueSqlCommand($"truncate {Qualified(store, Table)}, {Qualified(store, LinesTable)}, {Qualified(store, PaymentsTable)}");
        session.QueueSqlCommand(upsert);
        session.QueueSqlCommand(lines);
        session.QueueSqlCommand(await PaymentsSqlAsync(store, "true", ct));
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>The inline step that keeps <see cref="OrderAttribution"/> current, registered after the report projections it reads.</summary>
public sealed class OrderAttributionProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var orders = new HashSet<Guid>();
        var customers = new HashSet<Guid>();
        var branches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (OrderAttribution.ChangesOrder(e.Data)) orders.Add(e.StreamId);
            if (OrderAttribution.ChangesAttribution(e.Data)) customers.Add(e.StreamId);
            if (OrderAttribution.ChangesCalendarOf(e.Data) is { } branch) branches.Add(branch);
        }
        await OrderAttribution.QueueAsync(operations, orders, customers, cancellation);
        await OrderAttribution.QueueCalendarAsync(operations, branches, cancellation);
    }
}
