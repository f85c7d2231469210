using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>Every change to an activity, who made it and when.</summary>
public static class ActivityHistoryEndpoint
{
    public static void MapActivityHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/activities/{id:guid}/history", Handle).WithName("ActivityHistory");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var activity = await RecordLookup.FindVisibleAsync<Activity>(store, access, id, ct);
        return activity is null ? AccessProblems.NotFound("activity") : await RecordReads.HistoryAsync(store, activity, ct);
    }
}
