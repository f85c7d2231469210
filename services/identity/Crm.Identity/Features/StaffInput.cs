using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>Checks shared by the staff use cases, each naming the field it is about.</summary>
internal static class StaffInput
{
    /// <summary>The group's password rule: long enough to resist guessing.</summary>
    public const int MinimumPasswordLength = 10;
    public const int MaximumPasswordLength = 128;

    public static ValidationErrors Password(this ValidationErrors errors, string field, string? password)
    {
        if (string.IsNullOrEmpty(password)) return errors.Add(field, $"'{field}' is required.");
        if (password.Length < MinimumPasswordLength) errors.Add(field, $"'{field}' must be at least {MinimumPasswordLength} characters.");
        if (password.Length > MaximumPasswordLength) errors.Add(field, $"'{field}' must be at most {MaximumPasswordLength} characters.");
        return errors;
    }

    /// <summary>A known role, and a branch exactly when the role is a branch role; returns the trimmed branch.</summary>
    public static string? RoleAndBranch(this ValidationErrors errors, string? role, string? branch)
    {
        var trimmed = string.IsNullOrWhiteSpace(branch) ? null : branch.Trim();
        if (string.IsNullOrWhiteSpace(role))
            errors.Add("role", "'role' is required.");
        else if (!Roles.Staff.Contains(role))
            errors.Add("role", $"'role' is one of: {string.Join(", ", Roles.Staff)}.");
        else if (Roles.IsGroupLevel(role) && trimmed is not null)
            errors.Add("branch", $"A {role} belongs to no branch: leave 'branch' out.");
        else if (!Roles.IsGroupLevel(role) && trimmed is null)
            errors.Add("branch", $"A {role} needs a 'branch'.");
        return trimmed;
    }

    public static async Task BranchExists(this ValidationErrors errors, IQuerySession session, string? branch, CancellationToken ct)
    {
        if (branch is not null && !await session.Query<Branch>().AnyAsync(b => b.Code == branch, ct))
            errors.Add("branch", $"There is no branch '{branch}'.");
    }
}
