using Crm.Reporting.Reports;
using Crm.ServiceDefaults.Security;

namespace Crm.Reporting.Tickets;

/// <summary>
/// Who may read the service report: branch management and group-level callers as for any management
/// report (<see cref="ReportAccess"/>), and service agents too, for their own branch's tickets (DOMAIN.md).
/// Reps own no tickets and get no service report.
/// </summary>
public static class ServiceReportAccess
{
    public static bool TryScope(HttpContext http, string? branch, out ReportScope scope, out IResult refusal)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.ServiceAgent)
            return ReportAccess.TryScope(http, branch, repsSeeOwnRecords: false, out scope, out refusal);

        scope = new ReportScope(caller.Branch, null);
        refusal = Results.Empty;
        if (caller.Branch is null)
            refusal = AccessProblems.Forbidden("Your account belongs to no branch.");
        else if (branch is not null && branch != caller.Branch)
            refusal = AccessProblems.Forbidden("Reports cover your own branch only.");
        else
            return true;
        return false;
    }
}
