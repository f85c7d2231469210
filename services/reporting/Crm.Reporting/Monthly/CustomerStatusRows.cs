using Crm.Contracts.Customers;
using Crm.Reporting.Orders;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Crm.Reporting.Monthly;

/// <summary>
/// The monthly report's narrow copy of <see cref="MonthlyCustomer"/>: one row per customer with where and when
/// it was registered, its current branch, its first and last status change and whether the last one left it
/// active. A month's new customers are an index range on the registration time; its active customers an
/// index-only count of those whose last change before the month's end left them active, the rows' status
/// history (<c>changes</c>) being read only for the few customers archived, restored or merged after that end.
/// </summary>
/// <remarks>Written in the recording transaction after the <see cref="MonthlyCustomer"/> document, from it;
/// a rebuild writes every row again (<see cref="RefreshAllAsync"/>).</remarks>
public static class CustomerStatusRows
{
    public const string Table = "rpt_customer_status";

    /// <summary>The customer events that change a row: those <see cref="MonthlyCustomerProjection"/> folds.</summary>
    private static readonly HashSet<Type> Kinds = [.. new MonthlyCustomerProjection().IncludedEventTypes];

    public static bool ChangesRow(object data) => Kinds.Contains(data.GetType());

    /// <summary>Creates the table once per database (it is not a Marten document).</summary>
    public static Task EnsureAsync(IDocumentStore store, CancellationToken ct) =>
        ReportTables.EnsureAsync(store, "customer-status", [typeof(MonthlyCustomer)], schema => $"""
            create table if not exists {schema}.{Table} (
              customer_id uuid primary key,
              registered_branch text not null default '',
              branch text not null default '',
              registered_at timestamptz not null,
              first_change_at timestamptz not null,
              last_change_at timestamptz not null,
              active_at_last boolean not null,
              changes jsonb not null default '[]');
            create index if not exists {Table}_registered on {schema}.{Table} (registered_branch, registered_at);
            create index if not exists {Table}_branch on {schema}.{Table} (branch, last_change_at) include (active_at_last, registered_at, first_change_at);
            """, ct);

    /// <summary>The upsert of the rows of the registered customers matching <paramref name="which"/> (on <c>c</c>, the document).</summary>
    private static async Task<string> UpsertSqlAsync(IDocumentStore store, string which, CancellationToken ct) => $"""
        insert into {OrderAttribution.Qualified(store, Table)}
          (customer_id, registered_branch, branch, registered_at, first_change_at, last_change_at, active_at_last, changes)
        select c.id, coalesce(c.data ->> 'registeredBranch', ''), coalesce(c.data ->> 'branch', ''), CAST(c.data ->> 'registeredAt' as timestamptz),
               s.first_at, s.last_at, s.last_active, coalesce(c.data -> 'changes', '[]')
        from {await SqlWhere.TableAsync<MonthlyCustomer>(store, ct)} c
        cross join lateral (
          select min(CAST(x ->> 'at' as timestamptz)) as first_at, max(CAST(x ->> 'at' as timestamptz)) as last_at,
                 (array_agg(CAST(x ->> 'active' as boolean) order by CAST(x ->> 'at' as timestamptz) desc, CAST(x ->> 'position' as bigint) desc))[1] as last_active
          from jsonb_array_elements(coalesce(c.data -> 'changes', '[]')) x) s
        where {which} and c.data ->> 'registered' = 'true' and s.first_at is not null
        on conflict (customer_id) do update set
          registered_branch = excluded.registered_branch, branch = excluded.branch, registered_at = excluded.registered_at,
          first_change_at = excluded.first_change_at, last_change_at = excluded.last_change_at,
          active_at_last = excluded.active_at_last, changes = excluded.changes
        """;

    /// <summary>Queues, in the recording transaction, the rows of the customers recorded.</summary>
    public static async Task QueueAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> customers, CancellationToken ct)
    {
        if (customers.Count == 0) return;
        var store = operations.DocumentStore;
        await EnsureAsync(store, ct);
        // By primary key (tenant, id): report rows are written in the default tenant.
        operations.QueueSqlCommand(await UpsertSqlAsync(store, $"c.tenant_id = '{JasperFx.StorageConstants.DefaultTenantId}' and c.id = any(?)", ct), [customers.ToArray()]);
    }

    /// <summary>Writes every row again from the rebuilt documents.</summary>
    public static async Task RefreshAllAsync(IDocumentStore store, CancellationToken ct)
    {
        await EnsureAsync(store, ct);
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { Timeout = 3600 });
        session.QueueSqlCommand($"truncate {OrderAttribution.Qualified(store, Table)}");
        session.QueueSqlCommand(await UpsertSqlAsync(store, "true", ct));
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
