using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;

namespace Crm.Identity.Features;

/// <summary>A branch or system admin sets a new password for a staff member who lost theirs.</summary>
public static class ResetStaffPasswordEndpoint
{
    public sealed record Request(string? Password);

    public static void MapResetStaffPassword(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/{id:guid}/password", Handle).WithName("ResetStaffPassword").WithTags("Staff");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, CrmSessions sessions, StaffPasswords passwords,
        TimeProvider time, CancellationToken ct) =>
        StaffChange.ByAdministratorAsync(http, sessions, id, (_, _, _) =>
        {
            var errors = new ValidationErrors().Password("password", request.Password);
            return Task.FromResult(errors.Any
                ? StaffChangeRequest.Refuse(errors.ToProblem())
                : new ChangeStaffPassword(passwords.Hash(request.Password!), ResetByAdministrator: true, time.GetUtcNow()));
        }, ct);
}
