using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Identity.Features;

/// <summary>
/// A staff member leaves. Nothing may be lost (DOMAIN.md): the leaver's open work goes to a named
/// colleague of the same branch, or to the branch head by default, as the published StaffLeft says.
/// </summary>
public static class StaffLeaveEndpoint
{
    public sealed record Request(Guid? ReassignTo);

    public static void MapStaffLeave(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/{id:guid}/leave", Handle).WithName("StaffLeave").WithTags("Staff");

    private static Task<IResult> Handle(Guid id, Request? request, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        StaffChange.ByAdministratorAsync(http, sessions, id, async (_, leaver, session) =>
        {
            // A departed account refuses every command (409) before anyone looks for a successor.
            if (leaver.Status == StaffStatus.Left) return new LeaveStaff(null, time.GetUtcNow());

            var errors = new ValidationErrors();
            var successor = request?.ReassignTo is { } named
                ? await NamedColleagueAsync(session, leaver, named, errors, ct)
                : await BranchHeadAsync(session, leaver, errors, ct);
            if (errors.Any) return StaffChangeRequest.Refuse(errors.ToProblem());
            return new LeaveStaff(successor, time.GetUtcNow());
        }, ct);

    private static async Task<Guid?> NamedColleagueAsync(IDocumentSession session, StaffAccount leaver, Guid named, ValidationErrors errors, CancellationToken ct)
    {
        var colleague = await session.LoadAsync<StaffAccount>(named, ct);
        if (colleague is null || colleague.Id == leaver.Id || colleague.Status != StaffStatus.Active || colleague.Branch != leaver.Branch)
            errors.Add("reassignTo", "'reassignTo' must be another active staff member of the leaver's branch.");
        return named;
    }

    private static async Task<Guid?> BranchHeadAsync(IDocumentSession session, StaffAccount leaver, ValidationErrors errors, CancellationToken ct)
    {
        if (leaver.Branch is null) return null;   // group-level staff own no branch records
        var head = await session.Query<StaffAccount>()
            .Where(a => a.Branch == leaver.Branch && a.Role == Roles.BranchHead && a.Status == StaffStatus.Active && a.Id != leaver.Id)
            .OrderBy(a => a.JoinedAt)
            .FirstOrDefaultAsync(ct);
        if (head is null)
            errors.Add("reassignTo", $"Branch {leaver.Branch} has no active branch head to take over: name a colleague in 'reassignTo'.");
        return head?.Id;
    }
}
