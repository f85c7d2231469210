using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>Moves a deal to another open stage of the pipeline (forward or back); winning and losing have their own routes.</summary>
public static class ChangeOpportunityStageEndpoint
{
    public sealed record Request(string? Stage);

    public static void MapChangeOpportunityStage(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/opportunities/{id:guid}/stage", Handle).WithName("ChangeOpportunityStage");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var stages = await SalesSettings.StagesAsync(store, ct);
        var stage = request.Stage?.Trim();
        // Won and lost pass through to the decider, which points at /win and /lose.
        if (stage is null || (!stages.IsOpenStage(stage) && !PipelineStages.IsFinal(stage)))
            return new ValidationErrors().Add("stage", $"'stage' is one of: {string.Join(", ", stages.OpenStages.Select(s => s.Name))}.").ToProblem();

        return await RecordCommand.DecideAsync(http, sessions, opportunity, o => OpportunityDecider.ChangeStage(o, new ChangeStage(stage, time.GetUtcNow())),
            OpportunityProjection.Fold, o => OpportunityResponse.From(o, stages), ct);
    }
}
