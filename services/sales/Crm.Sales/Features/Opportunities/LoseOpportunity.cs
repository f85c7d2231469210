using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>The deal was lost, and why: final, it changes no more.</summary>
public static class LoseOpportunityEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapLoseOpportunity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/opportunities/{id:guid}/lose", Handle).WithName("LoseOpportunity");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        var errors = new ValidationErrors().RequireText("reason", request.Reason, 1000);
        if (errors.Any) return errors.ToProblem();

        var stages = await SalesSettings.StagesAsync(store, ct);
        return await RecordCommand.DecideAsync(http, sessions, opportunity, o => OpportunityDecider.Lose(o, new LoseOpportunity(request.Reason!, time.GetUtcNow())),
            OpportunityProjection.Fold, o => OpportunityResponse.From(o, stages), ct);
    }
}
