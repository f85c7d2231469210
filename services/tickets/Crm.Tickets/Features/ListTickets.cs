using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>
/// The tickets the caller may see, oldest first, a page at a time: by status, category, priority,
/// agent (assignee), customer and whether a target is breached now.
/// </summary>
public static class ListTicketsEndpoint
{
    public static void MapListTickets(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tickets", Handle).WithName("ListTickets");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct,
        string? status = null, string? category = null, string? priority = null, Guid? agent = null, Guid? customerId = null,
        bool? breached = null, string? branch = null, int? limit = null, string? cursor = null)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        var wantedStatus = QueryFilters.Parse<TicketStatus>(errors, "status", status);
        var wantedCategory = QueryFilters.Parse<TicketCategory>(errors, "category", category);
        var wantedPriority = QueryFilters.Parse<TicketPriority>(errors, "priority", priority);
        if (errors.Any) return errors.ToProblem();
        if (!access.Caller.IsGroupLevel && branch is not null && branch != access.Caller.Branch)
            return AccessProblems.Forbidden("Branch staff see their own branch only.");

        await using var session = access.Caller.IsGroupLevel ? store.QuerySession() : store.QuerySession(access.Caller.Branch!);
        var found = access.Caller.IsGroupLevel ? session.Query<Ticket>().Where(t => t.AnyTenant()) : session.Query<Ticket>();
        if (access.Caller.IsGroupLevel && branch is not null) found = found.Where(t => t.Branch == branch);
        if (access.Caller.Role == Roles.SalesRep) found = found.Where(t => t.CustomerOwnerId == access.Caller.StaffId);
        if (wantedStatus is { } s) found = found.Where(t => t.Status == s);
        if (wantedCategory is { } c) found = found.Where(t => t.Category == c);
        if (wantedPriority is { } p) found = found.Where(t => t.Priority == p);
        if (agent is { } a) found = found.Where(t => t.AssigneeId == a);
        if (customerId is { } customer) found = found.Where(t => t.CustomerId == customer);
        var now = time.GetUtcNow();
        // A target is breached, in business time, once its clock stopped or paused past it, or while it runs past its due time.
        if (breached == true)
            found = found.Where(t => t.ResponseSla.Overran || t.ResponseSla.DueAt < now || t.ResolutionSla.Overran || t.ResolutionSla.DueAt < now);
        if (breached == false)
            found = found.Where(t => !t.ResponseSla.Overran && (t.ResponseSla.DueAt == null || t.ResponseSla.DueAt >= now)
                && !t.ResolutionSla.Overran && (t.ResolutionSla.DueAt == null || t.ResolutionSla.DueAt >= now));

        return Results.Ok(await paging.ReadAsync(found.OrderBy(t => t.Id), rows => rows.Select(t => TicketResponse.From(t, now)).ToList(), ct));
    }
}
