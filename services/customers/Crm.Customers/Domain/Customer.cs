using System.Text.Json.Serialization;

namespace Crm.Customers.Domain;

/// <summary>A customer account as its events made it (see <see cref="CustomerDecider.Evolve"/>).</summary>
public sealed record Customer(
    Guid Id,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt)
{
    public CustomerGrade Grade { get; init; } = CustomerGrade.Normal;
    public CustomerDetails Details { get; init; } = CustomerDetails.Empty;
    public CustomerStatus Status { get; init; } = CustomerStatus.Active;
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Set while this customer is a merged duplicate: where its business now lives.</summary>
    public Guid? MergedInto { get; init; }

    /// <summary>Duplicates merged into this survivor, with the contacts each brought, so a merge can be undone.</summary>
    public IReadOnlyList<MergedDuplicate> MergedDuplicates { get; init; } = [];

    /// <summary>The stream version, kept by Marten, served as the ETag.</summary>
    public long Version { get; init; }

    // Normalised keys for duplicate detection, stored with the document so the check is a query.
    public string NameKey => DuplicateKeys.Name(Name);
    public string? TaxIdKey => DuplicateKeys.TaxId(Details.TaxId);
    public string[] PhoneKeys => [.. Details.Phones.Select(DuplicateKeys.Phone).OfType<string>()];
    public string[] EmailKeys => [.. Details.Emails.Select(DuplicateKeys.Email).OfType<string>()];

    // The customer search (SearchKeys): the pieces its GIN index holds and the texts the exact check
    // reads, each in a column of its own only (not in the document's JSON).
    [JsonIgnore] public string[] SearchGrams => SearchKeys.Grams(SearchKeys.Texts(this));
    [JsonIgnore] public string SearchText => SearchKeys.Text(SearchKeys.Texts(this));

    /// <summary>Merged duplicates and customers that moved to another branch take no more commands here.</summary>
    public bool IsLive => Status is CustomerStatus.Active or CustomerStatus.Archived;
}

public enum CustomerGrade { Vip, Key, Normal }

public enum CustomerStatus { Active, Archived, Merged, TransferredOut }

/// <summary>What the archive knows about a customer besides its name and category.</summary>
public sealed record CustomerDetails(
    string? TaxId,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Addresses,
    string? Website,
    string? Needs,
    string? PainPoints,
    string? Competitors)
{
    public static readonly CustomerDetails Empty = new(null, [], [], [], null, null, null, null);
}

/// <summary>A person at the customer: who they are, whether they decide, what they like and worry about.</summary>
public sealed record Contact(
    Guid ContactId,
    string Name,
    string? Title,
    bool DecisionMaker,
    string? Phone,
    string? Email,
    string? Preferences,
    string? Concerns);

public sealed record MergedDuplicate(Guid DuplicateId, IReadOnlyList<Guid> ContactIds);
