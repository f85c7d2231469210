using Crm.Identity.Domain;

namespace Crm.Identity.Features;

/// <summary>A staff account as the API shows it: everything but the password hash.</summary>
public sealed record StaffResponse(
    Guid Id, string Username, string Name, string Role, string? Branch, StaffStatus Status,
    DateTimeOffset JoinedAt, DateTimeOffset? LastSignedInAt, long Version)
{
    public static StaffResponse From(StaffAccount a) =>
        new(a.Id, a.Username, a.Name, a.Role, a.Branch, a.Status, a.JoinedAt, a.LastSignedInAt, a.Version);
}
