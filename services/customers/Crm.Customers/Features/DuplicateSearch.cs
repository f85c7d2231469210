using Crm.Customers.Domain;
using Marten;

namespace Crm.Customers.Features;

/// <summary>A possible duplicate and what matched, so the user can decide.</summary>
public sealed record DuplicateCandidate(Guid Id, string Branch, string Name, string Category, Guid? OwnerId, IReadOnlyList<string> Matched);

/// <summary>Customers of a branch (or all) that look like the one described: same normalised name, tax id, a phone or an email.</summary>
internal static class DuplicateSearch
{
    public static async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(IDocumentStore store, string? branch,
        string? name, string? taxId, IEnumerable<string> phones, IEnumerable<string> emails, CancellationToken ct)
    {
        var nameKey = name is null ? null : DuplicateKeys.Name(name);
        var taxKey = DuplicateKeys.TaxId(taxId);
        var phoneKeys = phones.Select(DuplicateKeys.Phone).OfType<string>().Distinct().ToList();
        var emailKeys = emails.Select(DuplicateKeys.Email).OfType<string>().Distinct().ToList();
        if (string.IsNullOrEmpty(nameKey) && taxKey is null && phoneKeys.Count == 0 && emailKeys.Count == 0) return [];

        await using var session = branch is null ? store.QuerySession() : store.QuerySession(branch);
        var live = session.Query<Customer>().Where(c => c.Status == CustomerStatus.Active || c.Status == CustomerStatus.Archived);
        if (branch is null) live = live.Where(c => c.AnyTenant());

        var found = new Dictionary<Guid, Customer>();
        async Task Add(IQueryable<Customer> query)
        {
            foreach (var c in await query.Take(20).ToListAsync(ct)) found[c.Id] = c;
        }
        if (!string.IsNullOrEmpty(nameKey)) await Add(live.Where(c => c.NameKey == nameKey));
        if (taxKey is not null) await Add(live.Where(c => c.TaxIdKey == taxKey));
        foreach (var phone in phoneKeys) await Add(live.Where(c => c.PhoneKeys.Contains(phone)));
        foreach (var email in emailKeys) await Add(live.Where(c => c.EmailKeys.Contains(email)));

        return found.Values.Select(c => new DuplicateCandidate(c.Id, c.Branch, c.Name, c.Category, c.OwnerId,
                Matched(c, nameKey, taxKey, phoneKeys, emailKeys)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> Matched(Customer c, string? name, string? taxId, List<string> phones, List<string> emails)
    {
        var matched = new List<string>();
        if (!string.IsNullOrEmpty(name) && c.NameKey == name) matched.Add("name");
        if (taxId is not null && c.TaxIdKey == taxId) matched.Add("taxId");
        if (c.PhoneKeys.Intersect(phones).Any()) matched.Add("phone");
        if (c.EmailKeys.Intersect(emails).Any()) matched.Add("email");
        return matched;
    }
}
