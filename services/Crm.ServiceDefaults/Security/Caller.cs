using System.Security.Claims;

namespace Crm.ServiceDefaults.Security;

/// <summary>Who is calling, as the access token says: the only source of role and branch scope.</summary>
public sealed record Caller(string Subject, string Name, string Role, string? Branch)
{
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string BranchClaim = "branch";

    public Guid? StaffId => Guid.TryParse(Subject, out var id) ? id : null;
    public bool IsGroupLevel => Roles.IsGroupLevel(Role);

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(SubjectClaim) ?? throw new InvalidOperationException("The access token has no subject."),
        user.FindFirstValue(NameClaim) ?? "",
        user.FindFirstValue(RoleClaim) ?? "",
        user.FindFirstValue(BranchClaim) is { Length: > 0 } branch ? branch : null);
}
