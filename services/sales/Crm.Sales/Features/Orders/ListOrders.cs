using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>The orders the caller may see, filtered by customer, owner, status or opportunity, a page at a time.</summary>
public static class ListOrdersEndpoint
{
    public static void MapListOrders(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/orders", Handle).WithName("ListOrders");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct,
        Guid? customerId = null, Guid? ownerId = null, Guid? opportunityId = null, string? status = null, string? branch = null,
        int? limit = null, string? cursor = null)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        var wantedStatus = QueryFilters.Parse<OrderStatus>(errors, "status", status);
        if (errors.Any) return errors.ToProblem();
        if (!access.Caller.IsGroupLevel && branch is not null && branch != access.Caller.Branch)
            return AccessProblems.Forbidden("Branch staff see their own branch only.");

        await using var session = access.Caller.IsGroupLevel ? store.QuerySession() : store.QuerySession(access.Caller.Branch!);
        var found = access.Caller.IsGroupLevel ? session.Query<Order>().Where(o => o.AnyTenant()) : session.Query<Order>();
        if (access.Caller.IsGroupLevel && branch is not null) found = found.Where(o => o.Branch == branch);
        if (access.Caller.Role == Roles.SalesRep) found = found.Where(o => o.OwnerId == access.Caller.StaffId);
        if (customerId is { } customer) found = found.Where(o => o.CustomerId == customer);
        if (ownerId is { } owner) found = found.Where(o => o.OwnerId == owner);
        if (opportunityId is { } opportunity) found = found.Where(o => o.OpportunityId == opportunity);
        if (wantedStatus is { } s) found = found.Where(o => o.Status == s);

        var now = time.GetUtcNow();
        return Results.Ok(await paging.ReadAsync(found.OrderBy(o => o.Id), rows => rows.Select(o => OrderResponse.From(o, now)).ToList(), ct));
    }
}
