namespace Crm.Customers.Domain;

public static partial class CustomerDecider
{
    /// <summary>
    /// The survivor takes over the duplicate's contacts; the duplicate stays, pointing at the
    /// survivor, so old links and its history still answer. Returns the survivor's events, then the duplicate's.
    /// </summary>
    public static (Decision Survivor, Decision Duplicate) Merge(Customer survivor, Customer duplicate, DateTimeOffset now)
    {
        var refused = survivor.Id == duplicate.Id ? "A customer cannot be merged into itself."
            : survivor.Branch != duplicate.Branch ? "Only customers of the same branch can be merged; transfer one first."
            : survivor.Status != CustomerStatus.Active ? $"The survivor is {Describe(survivor.Status)}."
            : duplicate.Status != CustomerStatus.Active ? $"The duplicate is {Describe(duplicate.Status)}."
            : null;
        if (refused is not null) return (Decision.Refuse(refused), Decision.Refuse(refused));

        return (Decision.Of(new CustomerDuplicateAbsorbed(survivor.Id, duplicate.Id, duplicate.Contacts, now)),
            Decision.Of(new CustomerMergedInto(duplicate.Id, survivor.Id, [.. duplicate.Contacts.Select(c => c.ContactId)], now)));
    }

    /// <summary>
    /// Undoes a merge from what the events recorded: the contacts the duplicate brought go back to
    /// it as they are now (edits made meanwhile kept, ones removed meanwhile stay removed).
    /// </summary>
    public static (Decision Survivor, Decision Duplicate) Unmerge(Customer survivor, Customer duplicate, DateTimeOffset now)
    {
        var merged = survivor.MergedDuplicates.FirstOrDefault(d => d.DuplicateId == duplicate.Id);
        if (merged is null || duplicate.MergedInto != survivor.Id)
        {
            var refused = Decision.Refuse("This customer was not merged into the survivor.");
            return (refused, refused);
        }
        var returned = survivor.Contacts.Where(c => merged.ContactIds.Contains(c.ContactId)).ToList();
        return (Decision.Of(new CustomerDuplicateSplitOff(survivor.Id, duplicate.Id, [.. returned.Select(c => c.ContactId)], now)),
            Decision.Of(new CustomerUnmerged(duplicate.Id, survivor.Id, returned, now)));
    }
}
