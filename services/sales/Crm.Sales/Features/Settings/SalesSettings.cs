using Crm.Sales.Domain;
using Marten;

namespace Crm.Sales.Features.Settings;

/// <summary>The group-wide sales settings as stored, or their defaults until someone changes them.</summary>
public static class SalesSettings
{
    public static async Task<PipelineStages> StagesAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<PipelineStages>(PipelineStages.DocumentId, ct) ?? PipelineStages.Default;
    }
}
