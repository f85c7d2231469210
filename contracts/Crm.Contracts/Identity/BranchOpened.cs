namespace Crm.Contracts.Identity;

/// <summary>The group opened a branch: its code, name and the time zone that decides its days and months.</summary>
[IntegrationEvent("identity", "branch-opened")]
public sealed record BranchOpened(string Branch, string Name, string TimeZone, DateTimeOffset OpenedAt);
