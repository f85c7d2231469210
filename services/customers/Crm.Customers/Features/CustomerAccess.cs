using Crm.Customers.Domain;
using Crm.ServiceDefaults.Security;

namespace Crm.Customers.Features;

/// <summary>The role matrix of DOMAIN.md as it applies to customer records.</summary>
internal static class CustomerAccess
{
    /// <summary>Group executives and integrations see every branch; branch staff their own; reps their own customers.</summary>
    public static bool MaySee(Caller caller, Customer customer) => caller.Role switch
    {
        Roles.GroupExecutive or Roles.Integration => true,
        Roles.BranchHead or Roles.BranchAdmin or Roles.ServiceAgent => caller.Branch == customer.Branch,
        Roles.SalesRep => caller.Branch == customer.Branch && customer.OwnerId == caller.StaffId,
        _ => false,
    };

    /// <summary>Registering and importing: branch staff but service agents, head office, and import clients (crm.import) migrating an older CRM.</summary>
    public static bool MayRegister(Caller caller, bool importer = false) =>
        caller.Role is Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.SalesRep || (importer && caller.Role == Roles.Integration);

    public static IResult MayNotRegister(Caller caller) => caller.Role == Roles.Integration
        ? AccessProblems.Forbidden($"An integration client reads customers; registering them takes the {ImportClients.Scope} scope.")
        : AccessProblems.Forbidden($"A {caller.Role} may not register customers.");

    /// <summary>Profile and contacts: whoever keeps the customer's records (service agents only read them).</summary>
    public static bool MayEdit(Caller caller, Customer customer) => MayRegister(caller) && MaySee(caller, customer);

    /// <summary>Owner, grade, archive, merge: distributing and shaping the branch's customers is the head's job.</summary>
    public static bool MayManage(Caller caller, Customer customer) =>
        caller.Role is Roles.GroupExecutive || (caller.Role is Roles.BranchHead && caller.Branch == customer.Branch);

    /// <summary>Only HQ moves records between branches (DOMAIN.md).</summary>
    public static bool MayTransfer(Caller caller) => caller.Role is Roles.GroupExecutive;

    /// <summary>A file of customers leaves the CRM's control: branch heads and above only.</summary>
    public static bool MayExport(Caller caller) => caller.Role is Roles.GroupExecutive or Roles.BranchHead;

    /// <summary>Lists and duplicate checks: every business role; system administrators manage configuration only.</summary>
    public static bool MayRead(Caller caller) => caller.Role is not Roles.SystemAdmin && (caller.IsGroupLevel || caller.Branch is not null);
}
