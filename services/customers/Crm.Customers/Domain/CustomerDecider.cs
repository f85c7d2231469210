namespace Crm.Customers.Domain;

/// <summary>
/// The customer decider: <see cref="Evolve"/> folds events into state, the decisions (in
/// CustomerDecisions.cs and CustomerMerges.cs) turn a command, with its time and ids, into the
/// events it causes, or refuse it.
/// </summary>
public static partial class CustomerDecider
{
    public static Customer? Evolve(Customer? state, object @event) => (state, @event) switch
    {
        (_, CustomerRegistered e) => new Customer(e.CustomerId, e.Branch, e.Name, e.Category, e.OwnerId, e.RegisteredAt)
        {
            Grade = e.Grade,
            Details = e.Details,
        },
        (_, CustomerTransferredIn e) => e.State with { Branch = e.ToBranch },
        (null, _) => null,
        ({ } s, CustomerProfileUpdated e) => s with { Name = e.Name, Category = e.Category, Details = e.Details },
        ({ } s, ContactAdded e) => s with { Contacts = [.. s.Contacts, e.Contact] },
        ({ } s, ContactUpdated e) => s with { Contacts = [.. s.Contacts.Select(c => c.ContactId == e.Contact.ContactId ? e.Contact : c)] },
        ({ } s, ContactRemoved e) => s with { Contacts = [.. s.Contacts.Where(c => c.ContactId != e.ContactId)] },
        ({ } s, CustomerOwnerAssigned e) => s with { OwnerId = e.OwnerId },
        ({ } s, CustomerGradeChanged e) => s with { Grade = e.Grade },
        ({ } s, CustomerArchived) => s with { Status = CustomerStatus.Archived },
        ({ } s, CustomerRestored) => s with { Status = CustomerStatus.Active },
        ({ } s, CustomerTransferredOut) => s with { Status = CustomerStatus.TransferredOut },
        ({ } s, CustomerDuplicateAbsorbed e) => s with
        {
            Contacts = [.. s.Contacts, .. e.Contacts],
            MergedDuplicates = [.. s.MergedDuplicates, new MergedDuplicate(e.DuplicateId, [.. e.Contacts.Select(c => c.ContactId)])],
        },
        ({ } s, CustomerMergedInto e) => s with
        {
            Status = CustomerStatus.Merged,
            MergedInto = e.SurvivorId,
            Contacts = [.. s.Contacts.Where(c => !e.MovedContactIds.Contains(c.ContactId))],
        },
        ({ } s, CustomerDuplicateSplitOff e) => s with
        {
            Contacts = [.. s.Contacts.Where(c => !e.ContactIds.Contains(c.ContactId))],
            MergedDuplicates = [.. s.MergedDuplicates.Where(d => d.DuplicateId != e.DuplicateId)],
        },
        ({ } s, CustomerUnmerged e) => s with { Status = CustomerStatus.Active, MergedInto = null, Contacts = [.. s.Contacts, .. e.Contacts] },
        _ => state,
    };

    /// <summary>State after the decided events, for answering the command that caused them.</summary>
    public static Customer? Apply(Customer? state, IEnumerable<object> events) => events.Aggregate(state, Evolve);
}
