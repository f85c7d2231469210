using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>One staff account with its version as the ETag; accounts outside the caller's scope do not exist for them.</summary>
public static class GetStaffEndpoint
{
    public static void MapGetStaff(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/staff/{id:guid}", Handle).WithName("GetStaff").WithTags("Staff");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // The CRM's own services (role service) look up one account when their staff replica has not
        // heard of someone yet (ARCHITECTURE rule 1), to check whom work is handed to; nothing else.
        var serviceLookup = caller.Role == Roles.Service;
        if (!serviceLookup && !StaffAccess.MayRead(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not read staff accounts.");

        var account = serviceLookup ? await session.LoadAsync<StaffAccount>(id, ct) : await FindVisibleAsync(session, caller, id, ct);
        if (account is null) return AccessProblems.NotFound("staff member");
        ETags.Write(http, account.Version);
        return Results.Ok(StaffResponse.From(account));
    }

    internal static async Task<StaffAccount?> FindVisibleAsync(IQuerySession session, Caller caller, Guid id, CancellationToken ct) =>
        await session.LoadAsync<StaffAccount>(id, ct) is { } account && StaffAccess.Sees(caller, account) ? account : null;
}
