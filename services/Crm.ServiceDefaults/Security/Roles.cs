namespace Crm.ServiceDefaults.Security;

/// <summary>The six staff roles of the group's policy (DOMAIN.md), plus external systems.</summary>
public static class Roles
{
    public const string GroupExecutive = "group-executive";
    public const string BranchHead = "branch-head";
    public const string SalesRep = "sales-rep";
    public const string BranchAdmin = "branch-admin";
    public const string ServiceAgent = "service-agent";
    public const string SystemAdmin = "system-admin";
    /// <summary>Client-credentials tokens of external systems (ERP, BI, marketing).</summary>
    public const string Integration = "integration";
    /// <summary>
    /// The CRM's own services calling identity for housekeeping (the revocation list): no access to
    /// any business record or report, unlike <see cref="Integration"/>, which reads every branch.
    /// </summary>
    public const string Service = "service";

    public static readonly IReadOnlySet<string> Staff = new HashSet<string>(StringComparer.Ordinal)
    {
        GroupExecutive, BranchHead, SalesRep, BranchAdmin, ServiceAgent, SystemAdmin,
    };

    /// <summary>Roles that work across every branch and so carry no branch claim.</summary>
    public static bool IsGroupLevel(string role) => role is GroupExecutive or SystemAdmin or Integration;
}
