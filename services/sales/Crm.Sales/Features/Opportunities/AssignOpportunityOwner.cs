using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>A branch head (or above) gives a deal to another rep.</summary>
public static class AssignOpportunityOwnerEndpoint
{
    public sealed record Request(Guid? OwnerId);

    public static void MapAssignOpportunityOwner(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/opportunities/{id:guid}/owner", Handle).WithName("AssignOpportunityOwner");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownStaff staff, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (!access.MayDistribute) return AccessProblems.Forbidden("Opportunities are distributed by the branch head or above.");
        if (request.OwnerId is not { } owner || owner == Guid.Empty)
            return new ValidationErrors().Add("ownerId", "'ownerId' is required.").ToProblem();
        if (await staff.ProblemAsync("ownerId", owner, opportunity.Branch, access, ct) is { } notStaff) return notStaff;

        var stages = await SalesSettings.StagesAsync(store, ct);
        return await RecordCommand.DecideAsync(http, sessions, opportunity, o => OpportunityDecider.AssignOwner(o, new AssignOpportunityOwner(owner, time.GetUtcNow())),
            OpportunityProjection.Fold, o => OpportunityResponse.From(o, stages), ct);
    }
}
