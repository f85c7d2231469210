using Crm.Identity.Bootstrap;
using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Identity.Features;

/// <summary>New staff get an account (DOMAIN.md): a system admin anywhere, a branch admin in their branch.</summary>
public static class JoinStaffEndpoint
{
    public sealed record Request(string? Username, string? Name, string? Role, string? Branch, string? Password);

    public static void MapJoinStaff(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff", Handle).WithName("JoinStaff").WithTags("Staff");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, StaffPasswords passwords,
        TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!StaffAccess.MayManage(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not create staff accounts.");

        var username = Staff.NormalizeUsername(request.Username ?? "");
        var errors = new ValidationErrors().RequireText("name", request.Name, 200).Password("password", request.Password);
        if (username.Length == 0) errors.Add("username", "'username' is required.");
        else if (!UsernameRule.IsValid(username)) errors.Add("username", UsernameRule.Description);
        var branch = errors.RoleAndBranch(request.Role, request.Branch);
        if (errors.Any) return errors.ToProblem();
        if (StaffAccess.RefusalToAssign(caller, request.Role!, branch) is { } refusal)
            return AccessProblems.Forbidden(refusal);

        await using var session = sessions.Unscoped();
        await errors.BranchExists(session, branch, ct);
        if (errors.Any) return errors.ToProblem();
        if (await session.Query<StaffAccount>().AnyAsync(a => a.Username == username, ct))
            return UsernameTaken(username);

        var id = Guid.CreateVersion7();
        var events = Staff.Decide(null, new JoinStaff(id, username, request.Name!, request.Role!, branch,
            passwords.Hash(request.Password!), time.GetUtcNow()));
        session.Events.StartStream<Staff>(id, events);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (BootstrapAccounts.IsUniqueViolation(ex))
        {
            return UsernameTaken(username);   // a concurrent request took it between the check and the commit
        }

        var account = await session.LoadAsync<StaffAccount>(id, ct);
        ETags.Write(http, account!.Version);
        return Results.Created($"/api/staff/{id}", StaffResponse.From(account));
    }

    private static IResult UsernameTaken(string username) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Username taken", detail: $"There is already an account '{username}'.");
}
