using Crm.Identity.Domain;
using Crm.ServiceDefaults.Storage;

namespace Crm.Identity.Features;

/// <summary>A frozen account may sign in again.</summary>
public static class UnfreezeStaffEndpoint
{
    public static void MapUnfreezeStaff(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/{id:guid}/unfreeze", Handle).WithName("UnfreezeStaff").WithTags("Staff");

    private static Task<IResult> Handle(Guid id, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        StaffChange.ByAdministratorAsync(http, sessions, id,
            (_, _, _) => Task.FromResult<StaffChangeRequest>(new UnfreezeStaff(time.GetUtcNow())), ct);
}
