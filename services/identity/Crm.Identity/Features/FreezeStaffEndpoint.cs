using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;

namespace Crm.Identity.Features;

/// <summary>Freezes an account ahead of a likely departure: it can no longer sign in or act (DOMAIN.md).</summary>
public static class FreezeStaffEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapFreezeStaff(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/{id:guid}/freeze", Handle).WithName("FreezeStaff").WithTags("Staff");

    private static Task<IResult> Handle(Guid id, Request? request, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        StaffChange.ByAdministratorAsync(http, sessions, id, (_, _, _) =>
        {
            var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
            if (reason is { Length: > 500 })
                return Task.FromResult(StaffChangeRequest.Refuse(new ValidationErrors().Add("reason", "'reason' must be at most 500 characters.").ToProblem()));
            return Task.FromResult<StaffChangeRequest>(new FreezeStaff(reason, time.GetUtcNow()));
        }, ct);
}
