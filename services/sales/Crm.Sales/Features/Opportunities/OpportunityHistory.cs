using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>Every change to an opportunity, each stage move with its time: the data behind time-in-stage.</summary>
public static class OpportunityHistoryEndpoint
{
    public static void MapOpportunityHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/opportunities/{id:guid}/history", Handle).WithName("OpportunityHistory");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        return opportunity is null ? AccessProblems.NotFound("opportunity") : await RecordReads.HistoryAsync(store, opportunity, ct);
    }
}
