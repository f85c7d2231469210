using Crm.Contracts.Customers;
using Crm.Contracts.Identity;
using Crm.Contracts.Sales;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>
/// Who and what each order's sale counts for, resolved when events are recorded rather than when a report is read:
/// one flat row per order, per order line and per payment (<see cref="AttributionTables"/>), read by every sales analysis
/// through <see cref="OrderSales"/>.
/// </summary>
/// <remarks>
/// <para>The resolved customer is the one the order was signed to, or while merges stand, the last survivor of the
/// chain; the category is the one that customer held at the signing time (its earliest known one when the customer is
/// younger than the order): <see cref="OrderSales.ResolvedFromAsync"/>, the rules the reports used to apply per read.</para>
/// <para>Re-resolved in the recording transaction (<see cref="AttributionRecording"/>), after the report documents it
/// depends on are written; a rebuild refreshes every row (<see cref="RefreshAllAsync"/>), which also fills the rows of
/// orders recorded before they existed.</para>
/// </remarks>
public static class OrderAttribution
{
    /// <summary>The order events that change an order's row.</summary>
    private static readonly Type[] OrderKinds =
        [typeof(OrderSigned), typeof(OrderCancelled), typeof(PaymentReceived), typeof(PaymentReversed), typeof(OrderOwnerAssigned)];

    /// <summary>The customer events that can change which customer or category an order counts for.</summary>
    private static readonly Type[] CustomerKinds =
        [typeof(CustomerRegistered), typeof(CustomerProfileUpdated), typeof(CustomerTransferred), typeof(CustomersMerged), typeof(CustomersUnmerged)];

    /// <summary>The kinds of event attribution is resolved from.</summary>
    public static readonly IReadOnlyList<Type> EventKinds = [.. OrderKinds, .. CustomerKinds, typeof(BranchOpened)];

    public static bool ChangesOrder(object data) => OrderKinds.Contains(data.GetType());

    public static bool ChangesAttribution(object data) => CustomerKinds.Contains(data.GetType());

    /// <summary>The branch whose time zone an event makes known (and so the local days of its orders), if any.</summary>
    public static string? ChangesCalendarOf(object data) => data is BranchOpened opened ? opened.Branch : null;

    /// <summary>Resolves every order again (after a rebuild, or to fill the rows of orders recorded before they existed).</summary>
    public static async Task RefreshAllAsync(IDocumentStore store, CancellationToken ct)
    {
        await AttributionSchema.EnsureAsync(store, ct);
        var rows = SqlFile.Of("Orders/Attribution/order-sale-rows.sql", store.Options.DatabaseSchemaName);
        var resolved = await OrderSales.ResolvedAllFromAsync(store, ct);
        // Every order at once: far longer than one recorded event may take.
        await using var session = store.LightweightSession(new Marten.Services.SessionOptions { Timeout = 3600 });
        var (sales, lines, payments) = (AttributionTables.Qualified(store, AttributionTables.Table),
            AttributionTables.Qualified(store, AttributionTables.LinesTable), AttributionTables.Qualified(store, AttributionTables.PaymentsTable));
        // Truncate locks the tables until the rows are back: recording waits rather than resolve half-way through.
        session.QueueSqlCommand($"truncate {sales}, {lines}, {payments}");
        session.QueueSqlCommand(rows.Statement("order-sales", ("resolved", resolved), ("which", "true")));
        session.QueueSqlCommand(rows.Statement("order-sale-lines", ("which", "true")));
        session.QueueSqlCommand(rows.Statement("order-payments", ("which", "true")));
        await session.SaveChangesAsync(ct);
    }
}
