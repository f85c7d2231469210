using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>
/// Re-resolves, in the recording transaction and after the report documents it reads are written, the orders a batch
/// of events touched: an order event its order; a customer event that can change a category history or a merge
/// (<see cref="OrderAttribution.ChangesAttribution"/>) the orders signed to that customer and to every customer merged
/// into it, through any chain.
/// </summary>
/// <remarks>
/// Orders and customers are recorded from different queues at once. So that an order recorded while its customer's
/// change commits is not left resolved from the customer's old row, both paths take transaction-scoped advisory locks
/// on the customers the resolution reads (an order's shared with other orders, a customer event's exclusive), then
/// resolve in later statements, which see whatever the other committed.
/// </remarks>
public static class AttributionRecording
{
    private const string Folder = "Orders/Attribution";

    /// <summary>Report rows are written in the default tenant; its key leads their primary keys, so lookups by id name it.</summary>
    private const string Tenant = JasperFx.StorageConstants.DefaultTenantId;

    /// <summary>Queues the locks and re-resolution for the orders and customers recorded.</summary>
    public static async Task QueueAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> orders, IReadOnlyCollection<Guid> customers, CancellationToken ct)
    {
        if (orders.Count == 0 && customers.Count == 0) return;
        var store = operations.DocumentStore;
        await AttributionSchema.EnsureAsync(store, ct);
        var schema = store.Options.DatabaseSchemaName;
        var (recording, rows) = (SqlFile.Of($"{Folder}/attribution-recording.sql", schema), SqlFile.Of($"{Folder}/order-sale-rows.sql", schema));
        var orderIds = orders.ToArray();
        var customerIds = customers.ToArray();

        // 1. Locks, each statement reading the merge chains as committed so far (and this transaction's own rows).
        var orderLock = customerIds.Length == 0 ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
        operations.QueueSqlCommand(recording.Statement("lock-order-customers", ("lock", orderLock)), orderIds);
        operations.QueueSqlCommand(recording.Statement("lock-customers"), customerIds, customerIds);

        // 2. Resolution, in statements that start once the locks are held; each takes the customer ids and the order ids.
        // Naming the tenant lets each statement find the orders by their primary key (tenant, id), not scan them all;
        // an array of the ids (not "in (subquery)") keeps it so when the statistics lag behind a burst of new orders,
        // where the planner resolved every order and joined the few wanted afterwards (1.5 s a batch at 2,000 orders).
        var affected = $"select unnest(array({recording.Statement("affected-orders")}))";
        var which = $"o.tenant_id = '{Tenant}' and o.id = any(array({recording.Statement("affected-orders")}))";
        object[] parameters = [customerIds, orderIds];
        var resolved = await OrderSales.ResolvedFromAsync(store, ct);
        operations.QueueSqlCommand(rows.Statement("order-sales", ("resolved", resolved), ("which", which)), parameters);
        operations.QueueSqlCommand(rows.Statement("dropped-lines", ("orders", affected)), parameters);
        operations.QueueSqlCommand(rows.Statement("order-sale-lines", ("which", which)), parameters);
        operations.QueueSqlCommand(rows.Statement("dropped-payments", ("orders", affected)), parameters);
        operations.QueueSqlCommand(rows.Statement("order-payments", ("which", which)), parameters);
    }

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
        var (recording, owedDays) = (SqlFile.Of($"{Folder}/attribution-recording.sql", schema), SqlFile.Of($"{Folder}/owed-days.sql", schema));
        object[] codes = [branches.ToArray()];
        operations.QueueSqlCommand(recording.Statement("order-local-days"), codes);
        operations.QueueSqlCommand(recording.Statement("line-local-days"), codes);
        operations.QueueSqlCommand(owedDays.Statement("order-owed-days", ("orders", "f.branch = any(?)")), codes);
        operations.QueueSqlCommand(owedDays.Statement("payment-owed-days", ("payments", "f.branch = any(?)")), codes);
    }
}
