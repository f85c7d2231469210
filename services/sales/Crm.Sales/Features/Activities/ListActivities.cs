using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>The activities the caller may see: a rep's own, a branch's for its head; filtered, a page at a time.</summary>
public static class ListActivitiesEndpoint
{
    public static void MapListActivities(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/activities", Handle).WithName("ListActivities");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, CancellationToken ct,
        string? status = null, string? kind = null, Guid? assigneeId = null, Guid? regardingId = null, DateTimeOffset? dueBefore = null,
        string? branch = null, int? limit = null, string? cursor = null)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        var wantedStatus = QueryFilters.Parse<ActivityStatus>(errors, "status", status);
        var wantedKind = QueryFilters.Parse<ActivityKind>(errors, "kind", kind);
        if (errors.Any) return errors.ToProblem();
        if (!access.Caller.IsGroupLevel && branch is not null && branch != access.Caller.Branch)
            return AccessProblems.Forbidden("Branch staff see their own branch only.");

        await using var session = access.Caller.IsGroupLevel ? store.QuerySession() : store.QuerySession(access.Caller.Branch!);
        var found = access.Caller.IsGroupLevel ? session.Query<Activity>().Where(a => a.AnyTenant()) : session.Query<Activity>();
        if (access.Caller.IsGroupLevel && branch is not null) found = found.Where(a => a.Branch == branch);
        if (access.Caller.Role == Roles.SalesRep) found = found.Where(a => a.OwnerId == access.Caller.StaffId);
        if (wantedStatus is { } s) found = found.Where(a => a.Status == s);
        if (wantedKind is { } k) found = found.Where(a => a.Kind == k);
        if (assigneeId is { } assignee) found = found.Where(a => a.OwnerId == assignee);
        if (regardingId is { } regarding) found = found.Where(a => a.RegardingId == regarding);
        if (dueBefore is { } due) found = found.Where(a => a.DueAt < due);

        return Results.Ok(await paging.ReadAsync(found.OrderBy(a => a.Id), rows => rows.Select(ActivityResponse.From).ToList(), ct));
    }
}
