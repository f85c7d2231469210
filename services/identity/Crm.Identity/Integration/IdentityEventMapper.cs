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
        _ => null,
    };
}
