using Crm.Contracts.Identity;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;

namespace Crm.Reporting.Staff;

/// <summary>The identity events the staff analyses and the branches' time zones come from.</summary>
public static class IdentityEventsRecorded
{
    public static ConsumerRegistry RecordIdentityEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Record<BranchOpened>(services, e => ReportBranch.IdOf(e.Branch))
        .Record<StaffJoined>(services, e => e.StaffId)
        .Record<StaffRoleChanged>(services, e => e.StaffId)
        .Record<StaffSignedIn>(services, e => e.StaffId)
        .Record<StaffLeft>(services, e => e.StaffId);
}
