using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;

namespace Crm.Identity.Features;

/// <summary>A role or branch change, applied within one working day of the decision (DOMAIN.md).</summary>
public static class ChangeStaffRoleEndpoint
{
    public sealed record Request(string? Role, string? Branch);

    public static void MapChangeStaffRole(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/{id:guid}/role", Handle).WithName("ChangeStaffRole").WithTags("Staff");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        StaffChange.ByAdministratorAsync(http, sessions, id, async (caller, _, session) =>
        {
            var errors = new ValidationErrors();
            var branch = errors.RoleAndBranch(request.Role, request.Branch);
            if (errors.Any) return StaffChangeRequest.Refuse(errors.ToProblem());
            if (StaffAccess.RefusalToAssign(caller, request.Role!, branch) is { } refusal)
                return StaffChangeRequest.Refuse(AccessProblems.Forbidden(refusal));
            await errors.BranchExists(session, branch, ct);
            if (errors.Any) return StaffChangeRequest.Refuse(errors.ToProblem());
            return new ChangeStaffRole(request.Role!, branch, time.GetUtcNow());
        }, ct);
}
