namespace Crm.Customers.Domain;

// The customers service's own stored events: private, free to evolve. Public contracts are in
// Crm.Contracts and are produced from these by Integration/CustomerEventMapper.

public sealed record CustomerRegistered(
    Guid CustomerId,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt)
{
    public CustomerGrade Grade { get; init; } = CustomerGrade.Normal;
    public CustomerDetails Details { get; init; } = CustomerDetails.Empty;
}

/// <summary>The profile after the edit, with the fields that changed.</summary>
public sealed record CustomerProfileUpdated(
    Guid CustomerId, string Name, string Category, CustomerDetails Details, IReadOnlyList<string> Changed, DateTimeOffset UpdatedAt);

public sealed record ContactAdded(Guid CustomerId, Contact Contact, DateTimeOffset AddedAt);

public sealed record ContactUpdated(Guid CustomerId, Contact Contact, DateTimeOffset UpdatedAt);

public sealed record ContactRemoved(Guid CustomerId, Guid ContactId, DateTimeOffset RemovedAt);

/// <summary>A new account manager; <c>OwnerId</c> null leaves the customer with the branch head until assigned.</summary>
public sealed record CustomerOwnerAssigned(Guid CustomerId, Guid? OwnerId, Guid? PreviousOwnerId, string? Reason, DateTimeOffset AssignedAt);

public sealed record CustomerGradeChanged(Guid CustomerId, CustomerGrade Grade, CustomerGrade PreviousGrade, DateTimeOffset ChangedAt);

public sealed record CustomerArchived(Guid CustomerId, DateTimeOffset ArchivedAt);

public sealed record CustomerRestored(Guid CustomerId, DateTimeOffset RestoredAt);

/// <summary>Closes the customer's stream in the branch it leaves (the last event there).</summary>
public sealed record CustomerTransferredOut(Guid CustomerId, string FromBranch, string ToBranch, DateTimeOffset TransferredAt);

/// <summary>Continues the customer's stream in the branch it joins, carrying its whole state.</summary>
public sealed record CustomerTransferredIn(Guid CustomerId, string FromBranch, string ToBranch, Customer State, DateTimeOffset TransferredAt);

/// <summary>On the survivor: a duplicate's contacts now live here.</summary>
public sealed record CustomerDuplicateAbsorbed(Guid CustomerId, Guid DuplicateId, IReadOnlyList<Contact> Contacts, DateTimeOffset MergedAt);

/// <summary>On the duplicate: its business lives on in the survivor.</summary>
public sealed record CustomerMergedInto(Guid CustomerId, Guid SurvivorId, IReadOnlyList<Guid> MovedContactIds, DateTimeOffset MergedAt);

/// <summary>On the survivor: a merge undone, the duplicate's contacts handed back.</summary>
public sealed record CustomerDuplicateSplitOff(Guid CustomerId, Guid DuplicateId, IReadOnlyList<Guid> ContactIds, DateTimeOffset UnmergedAt);

/// <summary>On the duplicate: it stands on its own again, with the contacts it had (as they are now).</summary>
public sealed record CustomerUnmerged(Guid CustomerId, Guid SurvivorId, IReadOnlyList<Contact> Contacts, DateTimeOffset UnmergedAt);

/// <summary>A list of customers left the CRM as a file: who took it, with which filter, how many rows.</summary>
public sealed record CustomersExported(Guid ExportId, string? Branch, string ExportedBy, IReadOnlyDictionary<string, string> Filter, int RowCount, DateTimeOffset ExportedAt);
