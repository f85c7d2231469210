using Crm.Contracts.Customers;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Crm.Reporting.Monthly;

/// <summary>
/// The monthly report's narrow copy of <see cref="MonthlyCustomer"/>: one row per customer and branch it belonged
/// to, with where and when it was registered, its first and last status change in that branch and whether the
/// last one left it active there (<see cref="MonthlyCustomer.BranchChanges"/>: a transfer ends its count in one
/// branch and starts it in the other). A month's new customers are an index range on the registration time (the
/// registering branch's row); its active customers an index-only count of those whose last change before the
/// month's end left them active, the rows' status history (<c>changes</c>) being read only for the few customers
/// archived, restored, merged or transferred after that end.
/// </summary>
/// <remarks>Written in the recording transaction after the <see cref="MonthlyCustomer"/> document, from it;
/// a rebuild writes every row again (<see cref="RefreshAllAsync"/>).</remarks>
public static class CustomerStatusRows
{
    public const string Table = "rpt_customer_branch_status";

    /// <summary>The customer events that change a row: those <see cref="MonthlyCustomerProjection"/> folds.</summary>
    private static readonly HashSet<Type> Kinds = [.. new MonthlyCustomerProjection().IncludedEventTypes];

    public static bool ChangesRow(object data) => Kinds.Contains(data.GetType());

    /// <summary>Creates the table once per database (it is not a Marten document).</summary>
    public static Task EnsureAsync(IDocumentStore store, CancellationToken ct) =>
        ReportTables.EnsureAsync(store, "customer-status", [typeof(MonthlyCustomer)], schema => $"""
            -- One row per customer and branch now (filled again by a rebuild): the former one row per customer goes.
            drop table if exists {schema}.rpt_customer_status;
            create table if not exists {schema}.{Table} (
              customer_id uuid not null,
              registered_branch text not null default '',
              branch text not null default '',
              registered_at timestamptz not null,
              first_change_at timestamptz not null,
              last_change_at timestamptz not null,
              active_at_last boolean not null,
              changes jsonb not null default '[]',
              primary key (customer_id, branch));
            -- Created just now over recorded customers (an upgrade): filled from their documents once.
            {InsertSql(schema, $"not exists (select from {schema}.{Table} limit 1)")};
            create index if not exists {Table}_registered on {schema}.{Table} (registered_branch, registered_at);
            create index if not exists {Table}_branch on {schema}.{Table} (branch, last_change_at) include (active_at_last, registered_at, first_change_at);
            -- The customers whose status changed across a month's end are found from whichever of their first and last
            -- change times is the narrower range: customers changed since (last) or those already there then (first).
            create index if not exists {Table}_first on {schema}.{Table} (branch, first_change_at) include (last_change_at, registered_at);
            """, ct);

    /// <summary>The rows of the registered customers matching <paramref name="which"/> (on <c>c</c>, the document): one per branch of its branch changes.</summary>
    private static string InsertSql(string schema, string which) => $"""
        insert into {schema}.{Table}
          (customer_id, registered_branch, branch, registered_at, first_change_at, last_change_at, active_at_last, changes)
        select c.id, coalesce(c.data ->> 'registeredBranch', ''), s.branch, CAST(c.data ->> 'registeredAt' as timestamptz),
               s.first_at, s.last_at, s.last_active, s.changes
        from {schema}.mt_doc_{nameof(MonthlyCustomer).ToLowerInvariant()} c
        cross join lateral (
          select x ->> 'branch' as branch, min(CAST(x ->> 'at' as timestamptz)) as first_at, max(CAST(x ->> 'at' as timestamptz)) as last_at,
                 (array_agg(CAST(x ->> 'active' as boolean) order by CAST(x ->> 'at' as timestamptz) desc, CAST(x ->> 'position' as bigint) desc))[1] as last_active,
                 jsonb_agg(x - 'branch') as changes
          from jsonb_array_elements(case when jsonb_exists(c.data, 'branchChanges') then c.data -> 'branchChanges'
                                    -- a document folded before branch changes were kept: its changes in its current branch, until a rebuild
                                    else (select coalesce(jsonb_agg(y || jsonb_build_object('branch', coalesce(c.data ->> 'branch', ''))), '[]')
                                          from jsonb_array_elements(coalesce(c.data -> 'changes', '[]')) y) end) x
          group by 1) s
        where {which} and c.data ->> 'registered' = 'true'
        """;

    /// <summary>Queues, in the recording transaction, the rows of the customers recorded.</summary>
    public static async Task QueueAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> customers, CancellationToken ct)
    {
        if (customers.Count == 0) return;
        var store = operations.DocumentStore;
        await EnsureAsync(store, ct);
        var ids = customers.ToArray();
        operations.QueueSqlCommand($"delete from {AttributionTables.Qualified(store, Table)} where customer_id = any(?)", [ids]);
        // By primary key (tenant, id): report rows are written in the default tenant.
        operations.QueueSqlCommand(InsertSql(store.Options.DatabaseSchemaName, $"c.tenant_id = '{JasperFx.StorageConstants.DefaultTenantId}' and c.id = any(?)"), [ids]);
    }

    /// <summary>Writes every row again from the rebuilt documents.</summary>
    public static async Task RefreshAllAsync(IDocumentStore store, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { Timeout = 3600 });
        session.QueueSqlCommand($"truncate {AttributionTables.Qualified(store, Table)}");
        session.QueueSqlCommand(InsertSql(store.Options.DatabaseSchemaName, "true"));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// SQL: the number of customers of branch <paramref name="branchSql"/> active at instant <paramref name="endSql"/>
    /// (registered before it, and their last status change before it left them active).
    /// </summary>
    public static string ActiveAt(string table, string branchSql, string endSql) => $"""
        (select count(*) from {table} s
         where s.branch = {branchSql} and s.last_change_at < {endSql} and s.active_at_last and s.registered_at < {endSql})
        + (select count(*) from {table} s
           where s.branch = {branchSql} and s.last_change_at >= {endSql} and s.first_change_at < {endSql} and s.registered_at < {endSql}
             and coalesce((select CAST(x ->> 'active' as boolean) from jsonb_array_elements(s.changes) x
                           where CAST(x ->> 'at' as timestamptz) < {endSql}
                           order by CAST(x ->> 'at' as timestamptz) desc, CAST(x ->> 'position' as bigint) desc limit 1), false))
        """;
}

/// <summary>The inline step that keeps <see cref="CustomerStatusRows"/> current, registered after <see cref="MonthlyCustomerProjection"/>.</summary>
public sealed class CustomerStatusProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        CustomerStatusRows.QueueAsync(operations, events.Where(e => CustomerStatusRows.ChangesRow(e.Data)).Select(e => e.StreamId).ToHashSet(), cancellation);
}
