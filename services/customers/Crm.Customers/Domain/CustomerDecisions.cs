namespace Crm.Customers.Domain;

public static partial class CustomerDecider
{
    public static CustomerRegistered Register(RegisterCustomer command) =>
        new(command.CustomerId, command.Branch, command.Name.Trim(), command.Category.Trim(), command.OwnerId, command.Now)
        {
            Grade = command.Grade,
            Details = Tidy(command.Details),
        };

    public static Decision UpdateProfile(Customer state, UpdateProfile command)
    {
        if (Inactive(state) is { } refused) return refused;
        var d = state.Details;
        var name = command.Name?.Trim() ?? state.Name;
        var category = command.Category?.Trim() ?? state.Category;
        var details = Tidy(new CustomerDetails(
            command.TaxId is { } taxId ? taxId.Value : d.TaxId,
            command.Phones ?? d.Phones,
            command.Emails ?? d.Emails,
            command.Addresses ?? d.Addresses,
            command.Website is { } website ? website.Value : d.Website,
            command.Needs is { } needs ? needs.Value : d.Needs,
            command.PainPoints is { } pains ? pains.Value : d.PainPoints,
            command.Competitors is { } competitors ? competitors.Value : d.Competitors));

        var changed = new List<string>();
        if (name != state.Name) changed.Add("name");
        if (category != state.Category) changed.Add("category");
        if (details.TaxId != d.TaxId) changed.Add("taxId");
        if (!details.Phones.SequenceEqual(d.Phones)) changed.Add("phones");
        if (!details.Emails.SequenceEqual(d.Emails)) changed.Add("emails");
        if (!details.Addresses.SequenceEqual(d.Addresses)) changed.Add("addresses");
        if (details.Website != d.Website) changed.Add("website");
        if (details.Needs != d.Needs) changed.Add("needs");
        if (details.PainPoints != d.PainPoints) changed.Add("painPoints");
        if (details.Competitors != d.Competitors) changed.Add("competitors");
        return changed.Count == 0
            ? Decision.NothingToDo
            : Decision.Of(new CustomerProfileUpdated(state.Id, name, category, details, changed, command.Now));
    }

    public static Decision AddContact(Customer state, Guid contactId, ContactDetails contact, DateTimeOffset now) =>
        Inactive(state) ?? Decision.Of(new ContactAdded(state.Id, Tidy(contact.As(contactId)), now));

    public static Decision UpdateContact(Customer state, Guid contactId, ContactDetails contact, DateTimeOffset now)
    {
        if (Inactive(state) is { } refused) return refused;
        var current = state.Contacts.FirstOrDefault(c => c.ContactId == contactId);
        if (current is null) return Decision.Refuse("The customer has no contact with this id.", RefusalKind.Missing);
        var updated = Tidy(contact.As(contactId));
        return updated == current ? Decision.NothingToDo : Decision.Of(new ContactUpdated(state.Id, updated, now));
    }

    public static Decision RemoveContact(Customer state, Guid contactId, DateTimeOffset now)
    {
        if (Inactive(state) is { } refused) return refused;
        return state.Contacts.Any(c => c.ContactId == contactId)
            ? Decision.Of(new ContactRemoved(state.Id, contactId, now))
            : Decision.Refuse("The customer has no contact with this id.", RefusalKind.Missing);
    }

    public static Decision AssignOwner(Customer state, Guid? ownerId, string? reason, DateTimeOffset now)
    {
        if (!state.IsLive) return Decision.Refuse($"A {Describe(state.Status)} customer takes no new owner.");
        return ownerId == state.OwnerId
            ? Decision.NothingToDo
            : Decision.Of(new CustomerOwnerAssigned(state.Id, ownerId, state.OwnerId, reason, now));
    }

    public static Decision ChangeGrade(Customer state, CustomerGrade grade, DateTimeOffset now)
    {
        if (Inactive(state) is { } refused) return refused;
        return grade == state.Grade ? Decision.NothingToDo : Decision.Of(new CustomerGradeChanged(state.Id, grade, state.Grade, now));
    }

    public static Decision Archive(Customer state, DateTimeOffset now) =>
        state.Status == CustomerStatus.Active
            ? Decision.Of(new CustomerArchived(state.Id, now))
            : Decision.Refuse($"Only an active customer can be archived; this one is {Describe(state.Status)}.");

    public static Decision Restore(Customer state, DateTimeOffset now) =>
        state.Status == CustomerStatus.Archived
            ? Decision.Of(new CustomerRestored(state.Id, now))
            : Decision.Refuse($"Only an archived customer can be restored; this one is {Describe(state.Status)}.");

    /// <summary>
    /// Closes the stream in the old branch and opens it in the new one carrying the whole state
    /// (conjoined tenancy cannot move a stream). The new branch's head holds it until they assign an owner.
    /// </summary>
    public static Decision Transfer(Customer state, string toBranch, Guid? newOwnerId, DateTimeOffset now)
    {
        if (!state.IsLive) return Decision.Refuse($"A {Describe(state.Status)} customer cannot be transferred.");
        if (toBranch == state.Branch) return Decision.Refuse("The customer is already in this branch.");
        var carried = state with { Branch = toBranch, OwnerId = newOwnerId, Version = 0 };
        return Decision.Of(
            new CustomerTransferredOut(state.Id, state.Branch, toBranch, now),
            new CustomerTransferredIn(state.Id, state.Branch, toBranch, carried, now));
    }

    private static Decision? Inactive(Customer state) => state.Status == CustomerStatus.Active
        ? null
        : Decision.Refuse($"The customer is {Describe(state.Status)}; {(state.Status == CustomerStatus.Archived ? "restore it first" : "it takes no more changes here")}.");

    internal static string Describe(CustomerStatus status) => status switch
    {
        CustomerStatus.TransferredOut => "transferred out",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static CustomerDetails Tidy(CustomerDetails d) => new(
        Blank(d.TaxId), Clean(d.Phones), Clean(d.Emails), Clean(d.Addresses), Blank(d.Website), Blank(d.Needs), Blank(d.PainPoints), Blank(d.Competitors));

    private static Contact Tidy(Contact c) => c with
    {
        Name = c.Name.Trim(), Title = Blank(c.Title), Phone = Blank(c.Phone), Email = Blank(c.Email),
        Preferences = Blank(c.Preferences), Concerns = Blank(c.Concerns),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Clean(IEnumerable<string> items) =>
        items.Select(Blank).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
