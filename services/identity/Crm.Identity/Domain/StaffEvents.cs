namespace Crm.Identity.Domain;

// Identity's own stored staff events. Each carries the branch the account was in when it
// happened, so the public contract can say so without reading state.
//
// Password hashes travel in events because the event stream is the source of truth for
// sign-in; the integration-event mapper and /history must never let them out.
public sealed record StaffJoined(
    Guid StaffId,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt);

public sealed record StaffRoleChanged(Guid StaffId, string Role, string? Branch, string PreviousRole, string? PreviousBranch, DateTimeOffset ChangedAt);

public sealed record StaffFrozen(Guid StaffId, string? Branch, string? Reason, DateTimeOffset FrozenAt);

public sealed record StaffUnfrozen(Guid StaffId, string? Branch, DateTimeOffset UnfrozenAt);

public sealed record StaffPasswordChanged(Guid StaffId, string? Branch, string PasswordHash, bool ResetByAdministrator, DateTimeOffset ChangedAt);

public sealed record StaffLeft(Guid StaffId, string? Branch, Guid? ReassignTo, DateTimeOffset LeftAt);

public sealed record StaffSignedIn(Guid StaffId, string? Branch, DateTimeOffset SignedInAt);
