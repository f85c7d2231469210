namespace Crm.Contracts.Customers;

/// <summary>A customer's profile was edited: the profile as it now is, and which fields changed.</summary>
[IntegrationEvent("customers", "customer-profile-updated")]
public sealed record CustomerProfileUpdated(
    Guid CustomerId,
    string Branch,
    string Name,
    string Category,
    string? TaxId,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Addresses,
    string? Website,
    string? Needs,
    string? PainPoints,
    string? Competitors,
    IReadOnlyList<string> ChangedFields,
    DateTimeOffset UpdatedAt);

/// <summary>A new account manager; <c>OwnerId</c> null means the branch head holds the customer until assigning it.</summary>
[IntegrationEvent("customers", "customer-owner-assigned")]
public sealed record CustomerOwnerAssigned(Guid CustomerId, string Branch, Guid? OwnerId, Guid? PreviousOwnerId, string? Reason, DateTimeOffset AssignedAt);

/// <summary>The customer's grade (vip, key, normal) changed; VIP customers get shorter service targets.</summary>
[IntegrationEvent("customers", "customer-grade-changed")]
public sealed record CustomerGradeChanged(Guid CustomerId, string Branch, string Grade, string PreviousGrade, DateTimeOffset ChangedAt);

/// <summary>The customer no longer counts as active (kept with its whole history).</summary>
[IntegrationEvent("customers", "customer-archived")]
public sealed record CustomerArchived(Guid CustomerId, string Branch, DateTimeOffset ArchivedAt);

/// <summary>An archived customer is active again.</summary>
[IntegrationEvent("customers", "customer-restored")]
public sealed record CustomerRestored(Guid CustomerId, string Branch, DateTimeOffset RestoredAt);

/// <summary>
/// Head office moved the customer to another branch; it keeps its id and history. Published with
/// the new branch in <c>crm-branch</c>; the customer's open records follow it.
/// </summary>
[IntegrationEvent("customers", "customer-transferred")]
public sealed record CustomerTransferred(
    Guid CustomerId, string FromBranch, string ToBranch, string Name, string Category, string Grade, string Status, Guid? OwnerId, DateTimeOffset TransferredAt);
