using System.Net.Http.Headers;
using Crm.Sales.Features;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Replicas;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Staff;

/// <summary>
/// Checks the person a command hands sales work to (assignee, owner): active staff of the record's
/// branch in a role that holds sales work. The staff replica first, then identity, so someone who
/// joined a moment ago is not refused because the event is still on its way.
/// </summary>
public sealed class KnownStaff(IDocumentStore store, StaffDirectory directory, IHttpContextAccessor http, ILogger<KnownStaff> logger)
{
    /// <summary>Reps work the pipeline; the branch head holds what is not (or no longer) a rep's, as when staff leave.</summary>
    public static bool HoldsSalesWork(string role) => role is Roles.SalesRep or Roles.BranchHead;

    /// <returns>Null when <paramref name="staffId"/> may take the work; otherwise the problem to answer (400, or 503 when identity cannot be asked).</returns>
    public async Task<IResult?> ProblemAsync(string field, Guid staffId, string branch, SalesAccess access, CancellationToken ct)
    {
        // The caller's own valid token vouches that they may act; giving work to oneself needs no lookup.
        if (staffId == access.Caller.StaffId) return null;

        StaffSeen? staff;
        await using (var session = store.QuerySession())
            staff = Seen(await session.LoadAsync<StaffReplica>(staffId, ct));

        if (staff is null)
        {
            var token = AuthenticationHeaderValue.TryParse(http.HttpContext?.Request.Headers.Authorization, out var header) ? header : null;
            try
            {
                staff = await directory.FindAsync(staffId, token, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Identity could not be asked about staff member {StaffId}", staffId);
                return Crm.ServiceDefaults.Http.Unavailable.Problem("Identity service unavailable",
                    detail: "This staff member is not known here yet and the identity service did not answer; try again shortly.");
            }
        }

        return Refusal(staffId, staff, branch, access) is { } refusal ? new ValidationErrors().Add(field, refusal).ToProblem() : null;
    }

    /// <summary>What <see cref="ProblemAsync"/> knows of a staff member held in the replica (null when it has not heard of them).</summary>
    public static StaffSeen? Seen(StaffReplica? known) =>
        known is { Role.Length: > 0 } ? new StaffSeen(known.Id, known.Role, known.Branch, known.Status) : null;

    /// <summary>Why <paramref name="staff"/> (null: nobody knows them) may not take sales work in <paramref name="branch"/>, or null when they may.</summary>
    public static string? Refusal(Guid staffId, StaffSeen? staff, string branch, SalesAccess access)
    {
        if (staff is null || staff.Branch != branch) return $"There is no staff member {staffId} in branch '{branch}'.";
        if (!HoldsSalesWork(staff.Role)) return $"Staff member {staffId} is a {staff.Role}; sales work goes to a sales rep or the branch head.";
        // An import migrating history may name people who have since left or been frozen: that is who did the work.
        if (staff.Status != StaffReplicaStatus.Active && !access.IsImporter)
            return staff.Status == StaffReplicaStatus.Left
                ? $"Staff member {staffId} has left; hand the work to a colleague."
                : $"Staff member {staffId} is frozen and cannot act; hand the work to a colleague.";
        return null;
    }
}
