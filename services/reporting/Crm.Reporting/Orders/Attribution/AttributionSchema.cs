using Crm.Reporting.CustomerMix;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Marten;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>The attribution's tables, sums, functions and triggers (they are not Marten documents), created at start (<see cref="ReportSchema"/>).</summary>
public static class AttributionSchema
{
    private const string Folder = "Orders/Attribution";

    /// <summary>Creates them once per database and process (<see cref="ReportTables"/>), after the report documents they read.</summary>
    public static Task EnsureAsync(IDocumentStore store, CancellationToken ct) =>
        ReportTables.EnsureAsync(store, "attribution", [typeof(ReportOrder), typeof(ReportCustomer), typeof(ReportBranch)], schema =>
        {
            var owedDays = SqlFile.Of($"{Folder}/owed-days.sql", schema);
            return string.Join("\n",
                SqlFile.Of($"{Folder}/attribution-schema.sql", schema).Script,
                SqlFile.Of($"{Folder}/sales-sums-schema.sql", schema).Script,
                // Rows recorded before the owed days were kept get them, before the owed sums are filled from them.
                owedDays.Statement("order-owed-days", ("orders", "f.owed_from is null")) + ";",
                owedDays.Statement("payment-owed-days", ("payments", "y.owed_from is null")) + ";",
                SqlFile.Of($"{Folder}/owed-sums-schema.sql", schema).Script);
        }, ct);
}
