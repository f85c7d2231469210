using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>The leads the caller may see, filtered and a page at a time.</summary>
public static class ListLeadsEndpoint
{
    public static void MapListLeads(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/leads", Handle).WithName("ListLeads");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct,
        string? status = null, Guid? ownerId = null, string? search = null, string? branch = null, int? limit = null, string? cursor = null)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        var wantedStatus = QueryFilters.Parse<LeadStatus>(errors, "status", status);
        if (errors.Any) return errors.ToProblem();
        if (!access.Caller.IsGroupLevel && branch is not null && branch != access.Caller.Branch)
            return AccessProblems.Forbidden("Branch staff see their own branch only.");

        await using var session = access.Caller.IsGroupLevel ? store.QuerySession() : store.QuerySession(access.Caller.Branch!);
        var leads = access.Caller.IsGroupLevel ? session.Query<Lead>().Where(l => l.AnyTenant()) : session.Query<Lead>();
        if (access.Caller.IsGroupLevel && branch is not null) leads = leads.Where(l => l.Branch == branch);
        if (access.Caller.Role == Roles.SalesRep) leads = leads.Where(l => l.OwnerId == access.Caller.StaffId);
        if (wantedStatus is { } s) leads = leads.Where(l => l.Status == s);
        if (ownerId is { } owner) leads = leads.Where(l => l.OwnerId == owner);
        if (!string.IsNullOrWhiteSpace(search)) leads = leads.Where(l => l.Company.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));

        var page = await paging.ReadAsync(leads.OrderBy(l => l.Id), rows => rows, ct);
        var followUp = await FollowUp.ForAsync(store, session, page.Items.Select(l => l.Id).ToList(), time, ct);
        return Results.Ok(new Page<LeadResponse>(
            page.Items.Select(l => LeadResponse.From(l, followUp(l.Id, l.CapturedAt, l.Status == LeadStatus.Open))).ToList(), page.NextCursor));
    }
}
