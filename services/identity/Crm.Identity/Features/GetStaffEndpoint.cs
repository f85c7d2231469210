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
        if (!StaffAccess.MayRead(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not read staff accounts.");

        var account = await FindVisibleAsync(session, caller, id, ct);
        if (account is null) return AccessProblems.NotFound("staff member");
        ETags.Write(http, account.Version);
        return Results.Ok(StaffResponse.From(account));
    }

    internal static async Task<StaffAccount?> FindVisibleAsync(IQuerySession session, Caller caller, Guid id, CancellationToken ct) =>
        await session.LoadAsync<StaffAccount>(id, ct) is { } account && StaffAccess.Sees(caller, account) ? account : null;
}
