using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Identity.Features;

/// <summary>A staff member changes their own password, proving they know the current one.</summary>
public static class ChangeOwnPasswordEndpoint
{
    public sealed record Request(string? CurrentPassword, string? NewPassword);

    public static void MapChangeOwnPassword(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/me/password", Handle).WithName("ChangeOwnPassword").WithTags("Identity");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, StaffPasswords passwords,
        TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.Integration || caller.StaffId is not { } id)
            return AccessProblems.Forbidden("Integration clients have no password to change.");

        await using var session = sessions.Unscoped();
        var account = await session.LoadAsync<StaffAccount>(id, ct);
        if (account is null) return AccessProblems.NotFound("staff member");

        var errors = new ValidationErrors().Password("newPassword", request.NewPassword);
        if (string.IsNullOrEmpty(request.CurrentPassword))
            errors.Add("currentPassword", "'currentPassword' is required.");
        else if (!passwords.Verify(account.PasswordHash, request.CurrentPassword))
            errors.Add("currentPassword", "'currentPassword' is not your current password.");
        if (errors.Any) return errors.ToProblem();

        var command = new ChangeStaffPassword(passwords.Hash(request.NewPassword!), ResetByAdministrator: false, time.GetUtcNow());
        return await StaffChange.AppendAsync(http, session, id, command, ct);
    }
}
