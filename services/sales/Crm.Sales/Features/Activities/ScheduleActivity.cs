using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Activities;

/// <summary>
/// Plans (or records) a call, visit, meeting, email or task against a lead, customer or
/// opportunity. Reps plan their own; heads and executives assign activities to the reps they manage.
/// </summary>
public static class ScheduleActivityEndpoint
{
    public sealed record RegardingInput(RegardingType? Type, Guid? Id);

    public sealed record Request(ActivityKind? Kind, RegardingInput? Regarding, string? Subject, Guid? AssigneeId, DateTimeOffset? DueAt, string? Branch);

    public static void MapScheduleActivity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/activities", Handle).WithName("ScheduleActivity");

    private static async Task<IResult> Handle(
        Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownCustomers customers, KnownStaff staff, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var errors = new ValidationErrors();
        if (request.Kind is null) errors.Add("kind", "'kind' is one of call, visit, meeting, email, task.");
        if (request.Regarding?.Type is null) errors.Add("regarding.type", "'regarding.type' is one of lead, customer, opportunity.");
        if (request.Regarding?.Id is null || request.Regarding.Id == Guid.Empty) errors.Add("regarding.id", "'regarding.id' is required.");
        if (request.Subject?.Length > 500) errors.Add("subject", "'subject' must be at most 500 characters.");
        var (branch, forbidden) = access.BranchForNewRecord(request.Branch, errors);
        if (forbidden is not null) return forbidden;
        if (errors.Any) return errors.ToProblem();

        var assignee = request.AssigneeId ?? access.Caller.StaffId;
        if (assignee is null || assignee == Guid.Empty) return new ValidationErrors().Add("assigneeId", "'assigneeId' is required.").ToProblem();
        if (assignee != access.Caller.StaffId && !access.MayDistribute)
            return AccessProblems.Forbidden("Reps plan their own activities; the branch head assigns them to others.");
        if (await staff.ProblemAsync("assigneeId", assignee.Value, branch!, access, ct) is { } notStaff) return notStaff;

        var regardingProblem = await CheckRegardingAsync(request.Regarding!.Type!.Value, request.Regarding.Id!.Value, branch!, access, store, customers, ct);
        if (regardingProblem is not null) return regardingProblem;

        var scheduled = ActivityDecider.Schedule(new ScheduleActivity(Guid.CreateVersion7(), branch!, request.Kind!.Value, request.Regarding.Type.Value,
            request.Regarding.Id.Value, request.Subject, assignee.Value, request.DueAt, time.GetUtcNow()));
        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Activity>(scheduled.ActivityId, scheduled);
        await session.SaveChangesAsync(ct);

        var activity = ActivityProjection.Fold(null, scheduled, 1)!;
        ETags.Write(http, activity.Version);
        return Results.Created($"/api/activities/{activity.Id}", ActivityResponse.From(activity));
    }

    /// <summary>The record an activity is about must exist in the activity's branch and be one the caller can see.</summary>
    private static async Task<IResult?> CheckRegardingAsync(
        RegardingType type, Guid id, string branch, SalesAccess access, IDocumentStore store, KnownCustomers customers, CancellationToken ct)
    {
        ISalesRecord? record = type switch
        {
            RegardingType.Lead => await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct),
            RegardingType.Opportunity => await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct),
            _ => null,
        };
        if (type == RegardingType.Customer) return (await customers.ResolveAsync("regarding.id", id, access.Caller, branch, ct)).Problem;
        return record is not null && record.Branch == branch
            ? null
            : new ValidationErrors().Add("regarding.id", $"There is no {type.ToString().ToLowerInvariant()} {id} in branch '{branch}' that you can see.").ToProblem();
    }
}
