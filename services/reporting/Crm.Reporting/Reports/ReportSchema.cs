using Crm.Reporting.Monthly;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>Reporting's own tables, functions and triggers beside Marten's documents, created when it starts.</summary>
public sealed class ReportSchema : IServiceSchema
{
    public async Task CreateAsync(IDocumentStore store, CancellationToken ct)
    {
        await ReportCache.EnsureAsync(store, ct);
        await AttributionSchema.EnsureAsync(store, ct);
        await CustomerStatusRows.EnsureAsync(store, ct);
        await SalesRankings.EnsureAsync(store, ct);
    }
}
