using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>
/// The tables of each order's resolved sale (<see cref="OrderAttribution"/>) and the sums kept from them, which every
/// sales analysis reads (<see cref="OrderSales"/>); created at start by <see cref="AttributionSchema"/>.
/// </summary>
public static class AttributionTables
{
    /// <summary>One row per order: its branch at signing, the rep who signed it, its current owner, amounts and owed days, and the resolved customer and category.</summary>
    public const string Table = "rpt_order_sale";

    /// <summary>One row per order line, with its order's branch, signing rep, signing time and day and whether it counts.</summary>
    public const string LinesTable = "rpt_order_sale_line";

    /// <summary>
    /// One row per payment received, on its order's branch, with when it was reversed if it was (<c>reversed_at</c>, null
    /// otherwise): a reversed payment counts as paid from its receipt until its reversal (read by the monthly report).
    /// </summary>
    public const string PaymentsTable = "rpt_order_payment";

    /// <summary>
    /// Counted sales per branch, local day of signing and category (orders and amount), kept by triggers on
    /// <see cref="Table"/> as its rows change: the branch- and group-wide analyses read these few rows
    /// instead of every order. Read through <see cref="AttributionSums.Summed"/>.
    /// </summary>
    public const string DailyTable = "rpt_sales_day";

    /// <summary>
    /// Counted order lines per branch, local month of signing (its first day), product and product category (lines,
    /// quantity, sales), kept as <see cref="DailyTable"/> is, from <see cref="LinesTable"/>: the product mix reads its
    /// whole months from these.
    /// </summary>
    public const string ProductMonthTable = "rpt_sales_product_month";

    /// <summary>
    /// What was owed, and owed past its due time, as changes per branch and local day (<c>outstanding</c>, <c>overdue</c>):
    /// summed over the days before a day, what was owed when that day began. Kept by triggers on <see cref="Table"/> and
    /// <see cref="PaymentsTable"/> from the owed days each row holds (<c>owed-sums-schema.sql</c>, <c>owed-days.sql</c>);
    /// the monthly report reads a month's end from it.
    /// </summary>
    public const string OwedTable = "rpt_owed_day";

    public static string Qualified(IDocumentStore store, string table) => $"{store.Options.DatabaseSchemaName}.{table}";
}
