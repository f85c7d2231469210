namespace Crm.Identity.Domain;

// The password hash travels in the event because the event stream is the source of truth for
// sign-in; the integration-event mapper must never copy it into a public contract.
public sealed record StaffJoined(
    Guid StaffId,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt);
