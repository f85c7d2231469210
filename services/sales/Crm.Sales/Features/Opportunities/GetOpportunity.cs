using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>One opportunity's current state (or as of a past time): its stage at a glance.</summary>
public static class GetOpportunityEndpoint
{
    public static void MapGetOpportunity(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/opportunities/{id:guid}", Handle).WithName("GetOpportunity");

    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (asOf is { } then)
        {
            opportunity = await RecordReads.AsOfAsync(store, opportunity, then, OpportunityProjection.Fold, ct);
            if (opportunity is null) return AccessProblems.NotFound("opportunity");
        }

        ETags.Write(http, opportunity.Version);
        await using var session = store.QuerySession(opportunity.Branch);
        var followUp = await FollowUp.ForAsync(store, session, [opportunity.Id], time, ct);
        return Results.Ok(OpportunityResponse.From(opportunity, await SalesSettings.StagesAsync(store, ct),
            followUp(opportunity.Id, opportunity.OpenedAt, opportunity.Status == OpportunityStatus.Open)));
    }
}
