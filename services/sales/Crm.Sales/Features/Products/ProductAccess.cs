using Crm.ServiceDefaults.Security;

namespace Crm.Sales.Features.Products;

/// <summary>
/// The catalogue is group configuration: group executives and system administrators add products;
/// everyone who sells or configures reads it. Service agents have no business in the pipeline.
/// </summary>
public static class ProductAccess
{
    public static IResult? RefuseReading(Caller caller) => caller.Role switch
    {
        Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.SalesRep or Roles.Integration or Roles.SystemAdmin => null,
        Roles.ServiceAgent => AccessProblems.Forbidden("Service agents work tickets; the sales pipeline is not theirs."),
        _ => AccessProblems.Forbidden($"A {caller.Role} has no access to the product catalogue."),
    };

    public static IResult? RefuseAdding(Caller caller) => caller.Role is Roles.GroupExecutive or Roles.SystemAdmin
        ? null
        : AccessProblems.Forbidden("The product catalogue is group configuration: group executives and system administrators add products.");
}
