using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Public = Crm.Contracts.Identity;

namespace Crm.Identity.Integration;

/// <summary>
/// The one translation of identity's stored events into the public catalogue. Stored staff events
/// carry password hashes; no contract has a field for one, so a hash cannot leave by this route.
/// </summary>
public sealed class IdentityEventMapper : IIntegrationEventMapper
{
    public object? Map(IEvent stored) => stored.Data switch
    {
        Domain.BranchOpened e => new Public.BranchOpened(e.Code, e.Name, e.TimeZone, e.OpenedAt),
        Domain.StaffJoined e => new Public.StaffJoined(e.StaffId, e.Username, e.Name, e.Role, e.Branch, e.JoinedAt),
        Domain.StaffRoleChanged e => new Public.StaffRoleChanged(e.StaffId, e.Role, e.Branch, e.PreviousRole, e.PreviousBranch, e.ChangedAt),
        Domain.StaffFrozen e => new Public.StaffFrozen(e.StaffId, e.Branch, e.Reason, e.FrozenAt),
        Domain.StaffUnfrozen e => new Public.StaffUnfrozen(e.StaffId, e.Branch, e.UnfrozenAt),
        Domain.StaffPasswordChanged e => new Public.StaffPasswordChanged(e.StaffId, e.Branch, e.ResetByAdministrator, e.ChangedAt),
        Domain.StaffLeft e => new Public.StaffLeft(e.StaffId, e.Branch, e.ReassignTo, e.LeftAt),
        Domain.StaffSignedIn e => new Public.StaffSignedIn(e.StaffId, e.Branch, e.SignedInAt),
        _ => null,
    };
}
