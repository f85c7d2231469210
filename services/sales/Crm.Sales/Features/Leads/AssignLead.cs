using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>A branch head (or above) hands a lead to one of the branch's reps.</summary>
public static class AssignLeadEndpoint
{
    public sealed record Request(Guid? AssigneeId);

    public static void MapAssignLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/leads/{id:guid}/assign", Handle).WithName("AssignLead");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownStaff staff, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var lead = await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct);
        if (lead is null) return AccessProblems.NotFound("lead");
        if (!access.MayDistribute) return AccessProblems.Forbidden("Leads are distributed by the branch head or above.");
        if (request.AssigneeId is not { } assignee || assignee == Guid.Empty)
            return new ValidationErrors().Add("assigneeId", "'assigneeId' is required.").ToProblem();
        if (await staff.ProblemAsync("assigneeId", assignee, lead.Branch, access, ct) is { } notStaff) return notStaff;

        return await RecordCommand.DecideAsync(http, sessions, lead,
            l => LeadDecider.Assign(l, new AssignLead(assignee, time.GetUtcNow())), LeadProjection.Fold, l => LeadResponse.From(l), ct);
    }
}
