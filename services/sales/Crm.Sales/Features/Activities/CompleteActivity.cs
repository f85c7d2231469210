using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>
/// The activity happened, with its outcome. It happened now, by the server's clock; only an import
/// client migrating history may say when (API.md business times).
/// </summary>
public static class CompleteActivityEndpoint
{
    public sealed record Request(string? Outcome, DateTimeOffset? CompletedAt);

    public static void MapCompleteActivity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/activities/{id:guid}/complete", Handle).WithName("CompleteActivity");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var activity = await RecordLookup.FindVisibleAsync<Activity>(store, access, id, ct);
        if (activity is null) return AccessProblems.NotFound("activity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        var errors = new ValidationErrors().RequireText("outcome", request.Outcome, 2000);
        if (request.CompletedAt is not null && !access.IsImporter)
            errors.Add("completedAt", "Only an import client (crm.import) may give the completion time; it is the server's clock otherwise.");
        if (request.CompletedAt > time.GetUtcNow()) errors.Add("completedAt", "'completedAt' cannot be in the future.");
        if (errors.Any) return errors.ToProblem();

        var complete = new CompleteActivity(request.Outcome!, request.CompletedAt ?? time.GetUtcNow());
        return await RecordCommand.DecideAsync(http, sessions, activity, a => ActivityDecider.Complete(a, complete), ActivityProjection.Fold, ActivityResponse.From, ct);
    }
}
