using Crm.Identity.Domain;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Features;

/// <summary>The role matrix of DOMAIN.md as it applies to staff accounts.</summary>
internal static class StaffAccess
{
    /// <summary>Group executives and system admins read every account; branch heads and admins their branch's.</summary>
    public static bool MayRead(Caller caller) =>
        caller.Role is Roles.SystemAdmin or Roles.GroupExecutive or Roles.BranchAdmin or Roles.BranchHead;

    public static bool Sees(Caller caller, StaffAccount account) => caller.Role switch
    {
        Roles.SystemAdmin or Roles.GroupExecutive => true,
        Roles.BranchAdmin or Roles.BranchHead => caller.Branch is not null && caller.Branch == account.Branch,
        _ => false,
    };

    /// <summary>System admins manage accounts everywhere, branch admins their own branch's.</summary>
    public static bool MayManage(Caller caller) => caller.Role is Roles.SystemAdmin or Roles.BranchAdmin;

    /// <summary>A branch admin gives only branch roles, and only in their own branch.</summary>
    public static string? RefusalToAssign(Caller caller, string role, string? branch) => caller.Role switch
    {
        Roles.SystemAdmin => null,
        Roles.BranchAdmin when Roles.IsGroupLevel(role) => $"A branch admin may not give the group-level role {role}.",
        Roles.BranchAdmin when branch != caller.Branch => "A branch admin manages staff of their own branch only.",
        Roles.BranchAdmin => null,
        _ => $"A {caller.Role} may not manage staff accounts.",
    };
}
