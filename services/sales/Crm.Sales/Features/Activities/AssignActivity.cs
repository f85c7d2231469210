using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>A manager hands a planned activity to a rep of the branch (executives to anyone).</summary>
public static class AssignActivityEndpoint
{
    public sealed record Request(Guid? AssigneeId);

    public static void MapAssignActivity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/activities/{id:guid}/assign", Handle).WithName("AssignActivity");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownStaff staff, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var activity = await RecordLookup.FindVisibleAsync<Activity>(store, access, id, ct);
        if (activity is null) return AccessProblems.NotFound("activity");
        if (!access.MayDistribute) return AccessProblems.Forbidden("Activities are assigned by the branch head or above.");
        if (request.AssigneeId is not { } assignee || assignee == Guid.Empty)
            return new ValidationErrors().Add("assigneeId", "'assigneeId' is required.").ToProblem();
        if (await staff.ProblemAsync("assigneeId", assignee, activity.Branch, access, ct) is { } notStaff) return notStaff;

        var assign = new AssignActivity(assignee, time.GetUtcNow());
        return await RecordCommand.DecideAsync(http, sessions, activity, a => ActivityDecider.Assign(a, assign), ActivityProjection.Fold, ActivityResponse.From, ct);
    }
}
