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

    public static bool MayRegister(Caller caller) =>
        caller.Role is Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.SalesRep;
}
