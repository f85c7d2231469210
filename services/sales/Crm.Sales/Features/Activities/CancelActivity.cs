using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>A planned activity will not happen; it stays in the history with the reason, if one is given.</summary>
public static class CancelActivityEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapCancelActivity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/activities/{id:guid}/cancel", Handle).WithName("CancelActivity");

    private static async Task<IResult> Handle(Guid id, Request? request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var activity = await RecordLookup.FindVisibleAsync<Activity>(store, access, id, ct);
        if (activity is null) return AccessProblems.NotFound("activity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        if (request?.Reason?.Length > 1000) return new ValidationErrors().Add("reason", "'reason' must be at most 1000 characters.").ToProblem();

        var cancel = new CancelActivity(request?.Reason, time.GetUtcNow());
        return await RecordCommand.DecideAsync(http, sessions, activity, a => ActivityDecider.Cancel(a, cancel), ActivityProjection.Fold, ActivityResponse.From, ct);
    }
}
