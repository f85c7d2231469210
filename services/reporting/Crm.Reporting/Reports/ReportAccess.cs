using Crm.ServiceDefaults.Security;

namespace Crm.Reporting.Reports;

/// <summary>Whose rows a report may show the caller: one branch or all (<c>Branch</c> null), and for reps only their own.</summary>
public sealed record ReportScope(string? Branch, Guid? OwnerId);

/// <summary>
/// The role matrix of DOMAIN.md applied to reports, in one place: branch staff see their own branch,
/// reps their own records, executives and integrations any branch or all of them, and
/// system administrators and service agents no sales report.
/// </summary>
public static class ReportAccess
{
    /// <param name="repsSeeOwnRecords">False for management reports a rep may not read at all.</param>
    public static bool TryScope(HttpContext http, string? branch, bool repsSeeOwnRecords, out ReportScope scope, out IResult refusal)
    {
        var caller = Caller.From(http.User);
        scope = new ReportScope(null, null);
        refusal = Results.Empty;
        if (caller.Role is Roles.SystemAdmin or Roles.ServiceAgent)
            return Refuse($"A {caller.Role} may not read sales reports.", out refusal);
        if (caller.Role == Roles.SalesRep && !repsSeeOwnRecords)
            return Refuse("This report is for branch management.", out refusal);
        if (!caller.IsGroupLevel && branch is not null && branch != caller.Branch)
            return Refuse("Reports cover your own branch only.", out refusal);
        if (!caller.IsGroupLevel && caller.Branch is null)
            return Refuse("Your account belongs to no branch.", out refusal);

        scope = new ReportScope(
            caller.IsGroupLevel ? branch : caller.Branch,
            caller.Role == Roles.SalesRep ? caller.StaffId ?? Guid.Empty : null);
        return true;
    }

    private static bool Refuse(string detail, out IResult refusal)
    {
        refusal = AccessProblems.Forbidden(detail);
        return false;
    }
}
