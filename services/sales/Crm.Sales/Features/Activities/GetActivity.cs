using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>One activity's current state (or as of a past time), with its version as the ETag.</summary>
public static class GetActivityEndpoint
{
    public static void MapGetActivity(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/activities/{id:guid}", Handle).WithName("GetActivity");

    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var activity = await RecordLookup.FindVisibleAsync<Activity>(store, access, id, ct);
        if (activity is null) return AccessProblems.NotFound("activity");
        if (asOf is { } then)
        {
            activity = await RecordReads.AsOfAsync(store, activity, then, ActivityProjection.Fold, ct);
            if (activity is null) return AccessProblems.NotFound("activity");
        }

        ETags.Write(http, activity.Version);
        return Results.Ok(ActivityResponse.From(activity));
    }
}
