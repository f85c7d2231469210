namespace Crm.ServiceDefaults.Security;

/// <summary>
/// Branches are Marten tenants: every business stream and document of a branch is stored under
/// its code, so a session opened for a branch cannot read or write another's records.
/// </summary>
public static class BranchScope
{
    /// <summary>Marten's tenant id for data that belongs to no branch (staff, settings, inbox).</summary>
    public const string NoBranch = "*DEFAULT*";

    public static bool IsBranch(string? tenantId) => !string.IsNullOrEmpty(tenantId) && tenantId != NoBranch;
}
