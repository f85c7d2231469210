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

    /// <summary>SQL: the local day of instant <paramref name="instant"/> in the branch whose code is <paramref name="branch"/> (its known zone, else the default).</summary>
    private static string LocalDaySql(string schema, string instant, string branch) => BranchCalendar.DaySql(instant, ZoneSql(schema, branch));

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
        await AttributionSchema.EnsureAsync(store, ct);
        var schema = store.Options.DatabaseSchemaName;
        object[] codes = [branches.ToArray()];
        foreach (var table in new[] { Table, LinesTable })
            operations.QueueSqlCommand($"""
                update {schema}.{table} f set local_day = {LocalDaySql(schema, "f.signed_at", "f.branch")}
                where f.branch = any(?) and f.local_day is distinct from {LocalDaySql(schema, "f.signed_at", "f.branch")}
                """, codes);
        var owedDays = SqlFile.Of("Orders/Attribution/owed-days.sql", schema);
        operations.QueueSqlCommand(owedDays.Statement("order-owed-days", ("orders", "f.branch = any(?)")), codes);
        operations.QueueSqlCommand(owedDays.Statement("payment-owed-days", ("payments", "f.branch = any(?)")), codes);
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
        await AttributionSchema.EnsureAsync(store, ct);
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
        await AttributionSchema.EnsureAsync(store, ct);
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
