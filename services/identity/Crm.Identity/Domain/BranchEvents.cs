namespace Crm.Identity.Domain;

// Identity's own stored branch event; the public contract is Crm.Contracts.Identity.BranchOpened.
public sealed record BranchOpened(Guid BranchId, string Code, string Name, string TimeZone, DateTimeOffset OpenedAt);
