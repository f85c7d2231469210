namespace Crm.Customers.Domain;

// Commands carry their time and ids in: the decider has no clock and makes no ids.

public sealed record RegisterCustomer(
    Guid CustomerId, string Branch, string Name, string Category, Guid? OwnerId, DateTimeOffset Now)
{
    public CustomerGrade Grade { get; init; } = CustomerGrade.Normal;
    public CustomerDetails Details { get; init; } = CustomerDetails.Empty;
}

/// <summary>A merge patch: null members are left as they are.</summary>
public sealed record UpdateProfile(
    string? Name, string? Category, Optional<string>? TaxId, IReadOnlyList<string>? Phones, IReadOnlyList<string>? Emails,
    IReadOnlyList<string>? Addresses, Optional<string>? Website, Optional<string>? Needs, Optional<string>? PainPoints,
    Optional<string>? Competitors, DateTimeOffset Now);

/// <summary>A value given on purpose, possibly null (to clear it), as opposed to one left out.</summary>
public readonly record struct Optional<T>(T? Value);

public sealed record ContactDetails(string Name, string? Title, bool DecisionMaker, string? Phone, string? Email, string? Preferences, string? Concerns)
{
    public Contact As(Guid contactId) => new(contactId, Name, Title, DecisionMaker, Phone, Email, Preferences, Concerns);
}
