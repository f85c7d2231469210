using Crm.Customers.Domain;

namespace Crm.Customers.Features;

public sealed record CustomerResponse(
    Guid Id,
    string Branch,
    string Name,
    string Category,
    CustomerGrade Grade,
    CustomerStatus Status,
    Guid? OwnerId,
    string? TaxId,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Addresses,
    string? Website,
    string? Needs,
    string? PainPoints,
    string? Competitors,
    IReadOnlyList<Contact> Contacts,
    Guid? MergedInto,
    IReadOnlyList<Guid> MergedDuplicates,
    DateTimeOffset RegisteredAt,
    long Version)
{
    public static CustomerResponse From(Customer c) => new(c.Id, c.Branch, c.Name, c.Category, c.Grade, c.Status, c.OwnerId,
        c.Details.TaxId, c.Details.Phones, c.Details.Emails, c.Details.Addresses, c.Details.Website, c.Details.Needs,
        c.Details.PainPoints, c.Details.Competitors, c.Contacts, c.MergedInto, [.. c.MergedDuplicates.Select(d => d.DuplicateId)],
        c.RegisteredAt, c.Version);
}
