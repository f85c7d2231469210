namespace Crm.Contracts.Identity;

// Staff lifecycle events. None of them carries a password or its hash.

/// <summary>A staff account was created. <c>Branch</c> is null for group-level roles.</summary>
[IntegrationEvent("identity", "staff-joined")]
public sealed record StaffJoined(Guid StaffId, string Username, string Name, string Role, string? Branch, DateTimeOffset JoinedAt);

/// <summary>A staff member's role or branch changed (applied within one working day, per the group's policy).</summary>
[IntegrationEvent("identity", "staff-role-changed")]
public sealed record StaffRoleChanged(Guid StaffId, string Role, string? Branch, string PreviousRole, string? PreviousBranch, DateTimeOffset ChangedAt);

/// <summary>The account can no longer sign in or act; tokens already issued are refused from now on.</summary>
[IntegrationEvent("identity", "staff-frozen")]
public sealed record StaffFrozen(Guid StaffId, string? Branch, string? Reason, DateTimeOffset FrozenAt);

/// <summary>A frozen account may sign in again.</summary>
[IntegrationEvent("identity", "staff-unfrozen")]
public sealed record StaffUnfrozen(Guid StaffId, string? Branch, DateTimeOffset UnfrozenAt);

/// <summary>
/// A staff member left. Every service that owns records reassigns the leaver's open ones to
/// <c>ReassignTo</c> (a named colleague, or the branch head by default) when it consumes this.
/// </summary>
[IntegrationEvent("identity", "staff-left")]
public sealed record StaffLeft(Guid StaffId, string? Branch, Guid? ReassignTo, DateTimeOffset LeftAt);

/// <summary>A staff member signed in (the data behind "who has not signed in for two weeks").</summary>
[IntegrationEvent("identity", "staff-signed-in")]
public sealed record StaffSignedIn(Guid StaffId, string? Branch, DateTimeOffset SignedInAt);

/// <summary>A password was changed by its owner or reset by an administrator. No secret is in it.</summary>
[IntegrationEvent("identity", "staff-password-changed")]
public sealed record StaffPasswordChanged(Guid StaffId, string? Branch, bool ResetByAdministrator, DateTimeOffset ChangedAt);
