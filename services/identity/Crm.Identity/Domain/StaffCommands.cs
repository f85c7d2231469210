namespace Crm.Identity.Domain;

/// <summary>What may be asked of one staff account; time (and the new id) arrive with the command.</summary>
public abstract record StaffCommand;

public sealed record JoinStaff(
    Guid StaffId,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt) : StaffCommand;

public sealed record ChangeStaffRole(string Role, string? Branch, DateTimeOffset ChangedAt) : StaffCommand;

public sealed record FreezeStaff(string? Reason, DateTimeOffset FrozenAt) : StaffCommand;

public sealed record UnfreezeStaff(DateTimeOffset UnfrozenAt) : StaffCommand;

public sealed record ChangeStaffPassword(string PasswordHash, bool ResetByAdministrator, DateTimeOffset ChangedAt) : StaffCommand;

public sealed record LeaveStaff(Guid? ReassignTo, DateTimeOffset LeftAt) : StaffCommand;

public sealed record RecordSignIn(DateTimeOffset SignedInAt) : StaffCommand;

/// <summary>An account is active, frozen ahead of a likely departure (DOMAIN.md), or gone for good.</summary>
public enum StaffStatus
{
    Active,
    Frozen,
    Left,
}
