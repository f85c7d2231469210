using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>The deal was won: final, it changes no more.</summary>
public static class WinOpportunityEndpoint
{
    public static void MapWinOpportunity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/opportunities/{id:guid}/win", Handle).WithName("WinOpportunity");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var stages = await SalesSettings.StagesAsync(store, ct);
        return await RecordCommand.DecideAsync(http, sessions, opportunity, o => OpportunityDecider.Win(o, new WinOpportunity(time.GetUtcNow())),
            OpportunityProjection.Fold, o => OpportunityResponse.From(o, stages), ct);
    }
}
