using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>The opportunities the caller may see, filtered by stage, status, owner or customer, a page at a time.</summary>
public static class ListOpportunitiesEndpoint
{
    public static void MapListOpportunities(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/opportunities", Handle).WithName("ListOpportunities");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct,
        string? stage = null, string? status = null, Guid? ownerId = null, Guid? customerId = null, string? search = null,
        string? branch = null, int? limit = null, string? cursor = null)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        var wantedStatus = QueryFilters.Parse<OpportunityStatus>(errors, "status", status);
        if (errors.Any) return errors.ToProblem();
        if (!access.Caller.IsGroupLevel && branch is not null && branch != access.Caller.Branch)
            return AccessProblems.Forbidden("Branch staff see their own branch only.");

        await using var session = access.Caller.IsGroupLevel ? store.QuerySession() : store.QuerySession(access.Caller.Branch!);
        var found = access.Caller.IsGroupLevel ? session.Query<Opportunity>().Where(o => o.AnyTenant()) : session.Query<Opportunity>();
        if (access.Caller.IsGroupLevel && branch is not null) found = found.Where(o => o.Branch == branch);
        if (access.Caller.Role == Roles.SalesRep) found = found.Where(o => o.OwnerId == access.Caller.StaffId);
        if (stage is not null) found = found.Where(o => o.Stage == stage);
        if (wantedStatus is { } s) found = found.Where(o => o.Status == s);
        if (ownerId is { } owner) found = found.Where(o => o.OwnerId == owner);
        if (customerId is { } customer) found = found.Where(o => o.CustomerId == customer);
        if (!string.IsNullOrWhiteSpace(search)) found = found.Where(o => o.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));

        var stages = await SalesSettings.StagesAsync(store, ct);
        var page = await paging.ReadAsync(found.OrderBy(o => o.Id), rows => rows, ct);
        var followUp = await FollowUp.ForAsync(store, session, page.Items.Select(o => o.Id).ToList(), time, ct);
        return Results.Ok(new Page<OpportunityResponse>(page.Items.Select(o =>
            OpportunityResponse.From(o, stages, followUp(o.Id, o.OpenedAt, o.Status == OpportunityStatus.Open))).ToList(), page.NextCursor));
    }
}
