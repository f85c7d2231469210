using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Settings;

/// <summary>The pipeline's stages in order with their win probabilities, won and lost last.</summary>
public static class GetPipelineStagesEndpoint
{
    public sealed record Response(IReadOnlyList<PipelineStage> Stages);

    public static void MapGetPipelineStages(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/pipeline/stages", Handle).WithName("GetPipelineStages");

    private static async Task<IResult> Handle(HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.ServiceAgent) return AccessProblems.Forbidden("Service agents work tickets; the sales pipeline is not theirs.");
        return Results.Ok(new Response((await SalesSettings.StagesAsync(store, ct)).All.ToList()));
    }
}
