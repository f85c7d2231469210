using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;

namespace Crm.Sales.Features.Settings;

/// <summary>
/// The group decides its open stages and their probabilities; won (100%) and lost (0%) always close
/// the list. Opportunities already in a removed stage stay there until moved.
/// </summary>
public static class ChangePipelineStagesEndpoint
{
    public sealed record StageInput(string? Name, int? Probability);

    public sealed record Request(IReadOnlyList<StageInput>? Stages);

    public static void MapChangePipelineStages(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/pipeline/stages", Handle).WithName("ChangePipelineStages");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role is not (Roles.GroupExecutive or Roles.SystemAdmin))
            return AccessProblems.Forbidden("The pipeline's stages are group configuration: group executives and system administrators set them.");

        var errors = new ValidationErrors();
        var stages = request.Stages ?? [];
        if (stages.Count is 0 or > 20) errors.Add("stages", "'stages' lists 1 to 20 open stages in order.");
        for (var i = 0; i < stages.Count; i++)
        {
            var name = stages[i].Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 50 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                errors.Add($"stages[{i}].name", "A stage name is lower-case letters, digits and dashes, at most 50 characters.");
            else if (PipelineStages.IsFinal(name))
                errors.Add($"stages[{i}].name", "Won and lost are always there; list only the open stages.");
            else if (stages.Take(i).Any(s => s.Name?.Trim() == name))
                errors.Add($"stages[{i}].name", $"'{name}' is listed twice.");
            if (stages[i].Probability is not (>= 0 and <= 100))
                errors.Add($"stages[{i}].probability", "A probability is a whole percentage from 0 to 100.");
        }
        if (errors.Any) return errors.ToProblem();

        var configured = new PipelineStages(PipelineStages.DocumentId, stages.Select(s => new PipelineStage(s.Name!.Trim(), s.Probability!.Value)).ToList());
        await using var session = sessions.Unscoped();
        session.Store(configured);
        await session.SaveChangesAsync(ct);
        return Results.Ok(new GetPipelineStagesEndpoint.Response(configured.All.ToList()));
    }
}
