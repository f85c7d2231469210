using System.Text.RegularExpressions;
using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Identity.Features;

/// <summary>A system administrator opens a branch of the group (DOMAIN.md: branches are configured, not hard-coded).</summary>
public static partial class OpenBranchEndpoint
{
    public sealed record Request(string? Code, string? Name, string? TimeZone);

    public static void MapOpenBranch(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/branches", Handle).WithName("OpenBranch").WithTags("Branches");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.SystemAdmin)
            return AccessProblems.Forbidden("Only a system administrator opens branches.");

        var code = request.Code?.Trim() ?? "";
        var timeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? Branch.DefaultTimeZone : request.TimeZone.Trim();
        var errors = new ValidationErrors().RequireText("name", request.Name, 200);
        if (!BranchCode().IsMatch(code))
            errors.Add("code", "'code' is 1 to 32 lower-case letters, digits and dashes, starting with a letter.");
        if (!IsIanaTimeZone(timeZone))
            errors.Add("timeZone", $"'{timeZone}' is not an IANA time zone (e.g. Asia/Shanghai).");
        if (errors.Any) return errors.ToProblem();

        await using var session = sessions.Unscoped();
        var stream = await session.Events.FetchForWriting<Branch>(Branch.IdFor(code), ct);
        BranchOpened opened;
        try
        {
            opened = BranchDecider.Decide(stream.Aggregate, new OpenBranch(code, request.Name!, timeZone, time.GetUtcNow()));
        }
        catch (BranchRefusedException refused)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Branch already open", detail: refused.Message);
        }
        stream.AppendOne(opened);
        await session.SaveChangesAsync(ct);

        var branch = BranchDecider.Evolve(null, opened)! with { Version = 1 };
        ETags.Write(http, branch.Version);
        return Results.Created($"/api/branches/{branch.Code}", BranchResponse.From(branch));
    }

    private static bool IsIanaTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    public static partial Regex BranchCode();
}
