using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>Staff lists, scoped: the group sees everyone, a branch's head and admins their branch.</summary>
public static class ListStaffEndpoint
{
    public static void MapListStaff(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/staff", Handle).WithName("ListStaff").WithTags("Staff");

    private static async Task<IResult> Handle(string? branch, string? role, string? status, string? search, string? limit, string? cursor,
        HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!StaffAccess.MayRead(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not list staff.");

        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        if (role is not null && !Roles.Staff.Contains(role))
            errors.Add("role", $"'role' is one of: {string.Join(", ", Roles.Staff)}.");
        StaffStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<StaffStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) wanted = parsed;
            else errors.Add("status", "'status' is one of: active, frozen, left.");
        }
        if (errors.Any || paging is null) return errors.ToProblem();

        var query = session.Query<StaffAccount>().AsQueryable();
        // Branch roles are held to their own branch whatever they ask for, so another branch's staff never show.
        if (!caller.IsGroupLevel) query = query.Where(a => a.Branch == caller.Branch);
        if (branch is not null) query = query.Where(a => a.Branch == branch);
        if (role is not null) query = query.Where(a => a.Role == role);
        if (wanted is { } s) query = query.Where(a => a.Status == s);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(a => a.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                || a.Username.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        var accounts = await query.OrderBy(a => a.Username).Skip(paging.Offset).Take(paging.Take).ToListAsync(ct);
        return Results.Ok(paging.PageOf(accounts.Select(StaffResponse.From).ToList()));
    }
}
