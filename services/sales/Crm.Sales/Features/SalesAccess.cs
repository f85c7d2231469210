using System.Security.Claims;
using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;

namespace Crm.Sales.Features;

/// <summary>
/// The role matrix of DOMAIN.md for sales records: reps see and change only what they own, branch
/// heads their branch, executives every branch; branch admins read their branch; integrations read
/// everything and write only when granted <c>crm.import</c>; service agents and system admins have
/// no business in the pipeline.
/// </summary>
public sealed record SalesAccess(Caller Caller, bool CanImport)
{
    public const string ImportScope = ImportClients.Scope;

    public static SalesAccess Of(HttpContext http) => new(Caller.From(http.User), ImportClients.HasScope(http.User, ImportScope));

    /// <summary>Roles refused before anything is looked up (403).</summary>
    public IResult? RefuseRole() => Caller.Role switch
    {
        Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.SalesRep or Roles.Integration => null,
        Roles.SystemAdmin => AccessProblems.Forbidden("System administrators manage configuration, not business records."),
        Roles.ServiceAgent => AccessProblems.Forbidden("Service agents work tickets; the sales pipeline is not theirs."),
        _ => AccessProblems.Forbidden($"A {Caller.Role} has no access to sales records."),
    };

    public bool MaySee(ISalesRecord record) => Caller.Role switch
    {
        Roles.GroupExecutive or Roles.Integration => true,
        Roles.BranchHead or Roles.BranchAdmin => Caller.Branch == record.Branch,
        Roles.SalesRep => Caller.Branch == record.Branch && record.OwnerId == Caller.StaffId,
        _ => false,
    };

    /// <summary>Creating and changing sales records; an import client migrating history from an older CRM too.</summary>
    public bool MayWork => Caller.Role is Roles.GroupExecutive or Roles.BranchHead or Roles.SalesRep || IsImporter;

    /// <summary>Distributing work among the branch's reps (assigning to someone else): heads and above.</summary>
    public bool MayDistribute => Caller.Role is Roles.GroupExecutive or Roles.BranchHead || IsImporter;

    /// <summary>Only import clients may give past business times, owners and branches.</summary>
    public bool IsImporter => Caller.Role == Roles.Integration && CanImport;

    public static IResult MayNotWork(Caller caller) =>
        AccessProblems.Forbidden($"A {caller.Role} may read sales records but not change them.");

    /// <summary>
    /// The branch a new record goes to: branch staff work in their own, group-level callers name one.
    /// Null with a problem when the caller may not create there.
    /// </summary>
    public (string? Branch, IResult? Problem) BranchForNewRecord(string? requested, Crm.ServiceDefaults.Http.ValidationErrors errors)
    {
        var branch = Caller.IsGroupLevel ? requested?.Trim() : requested?.Trim() ?? Caller.Branch;
        if (string.IsNullOrEmpty(branch)) errors.Add("branch", "'branch' is required.");
        else if (!BranchScope.IsBranch(branch) || branch.Length > 32 || !branch.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors.Add("branch", "'branch' is a branch code: lower-case letters, digits and dashes.");
        else if (!Caller.IsGroupLevel && branch != Caller.Branch)
            return (null, AccessProblems.Forbidden("Sales records can only be created in your own branch."));
        return (branch, null);
    }
}
