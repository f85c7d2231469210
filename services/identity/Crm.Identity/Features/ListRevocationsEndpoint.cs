using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>
/// The staff whose tokens services must refuse before they expire: frozen or departed accounts.
/// Services load it with client credentials (scope crm.revocations) at start-up and follow the
/// staff-frozen, staff-unfrozen and staff-left events after that.
/// </summary>
public static class ListRevocationsEndpoint
{
    public sealed record Revocations(IReadOnlyList<Guid> StaffIds);

    public static void MapListRevocations(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/staff/revocations", Handle).WithName("ListRevocations").WithTags("Staff");

    private static async Task<IResult> Handle(HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var allowed = caller.Role == Roles.SystemAdmin
            || (caller.Role is (Roles.Integration or Roles.Service) && HasScope(http, IntegrationScopes.Revocations));
        if (!allowed)
            return AccessProblems.Forbidden($"The revocation list is for system administrators and clients granted {IntegrationScopes.Revocations}.");

        var ids = await session.Query<StaffAccount>()
            .Where(a => a.Status != StaffStatus.Active)
            .OrderBy(a => a.Id)
            .Select(a => a.Id)
            .ToListAsync(ct);
        return Results.Ok(new Revocations(ids));
    }

    // Access tokens carry their scopes as one space-separated "scope" claim.
    private static bool HasScope(HttpContext http, string scope) =>
        http.User.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope);
}
