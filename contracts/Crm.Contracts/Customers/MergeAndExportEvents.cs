namespace Crm.Contracts.Customers;

/// <summary>
/// A duplicate was merged into a survivor: its contacts moved over; the duplicate stays as a
/// pointer. Subscribers should count the duplicate's business as the survivor's from now on.
/// </summary>
[IntegrationEvent("customers", "customers-merged")]
public sealed record CustomersMerged(Guid SurvivorId, Guid DuplicateId, string Branch, IReadOnlyList<Guid> MovedContactIds, DateTimeOffset MergedAt);

/// <summary>A merge was undone: the duplicate is a customer of its own again, with the contacts it brought.</summary>
[IntegrationEvent("customers", "customers-unmerged")]
public sealed record CustomersUnmerged(Guid SurvivorId, Guid DuplicateId, string Branch, IReadOnlyList<Guid> ReturnedContactIds, DateTimeOffset UnmergedAt);

/// <summary>Someone took a list of customers out of the CRM as a file: who, with which filter, how many rows.</summary>
[IntegrationEvent("customers", "customers-exported")]
public sealed record CustomersExported(
    Guid ExportId, string? Branch, string ExportedBy, IReadOnlyDictionary<string, string> Filter, int RowCount, DateTimeOffset ExportedAt);
