using Crm.Customers.Domain;
using Marten;
using Marten.Linq.MatchesSql;

namespace Crm.Customers.Features;

/// <summary>A possible duplicate and what matched, so the user can decide.</summary>
public sealed record DuplicateCandidate(Guid Id, string Branch, string Name, string Category, Guid? OwnerId, IReadOnlyList<string> Matched);

/// <summary>
/// What a customer is recognised by (DuplicateKeys): normalised name, tax id, phones and emails.
/// Two customers are possible duplicates when any of these is the same.
/// </summary>
internal sealed record DuplicateProbe(string? NameKey, string? TaxIdKey, IReadOnlyList<string> PhoneKeys, IReadOnlyList<string> EmailKeys)
{
    public static DuplicateProbe Of(string? name, string? taxId, IEnumerable<string> phones, IEnumerable<string> emails) => new(
        name is null ? null : DuplicateKeys.Name(name) is { Length: > 0 } key ? key : null,
        DuplicateKeys.TaxId(taxId),
        phones.Select(DuplicateKeys.Phone).OfType<string>().Distinct().ToList(),
        emails.Select(DuplicateKeys.Email).OfType<string>().Distinct().ToList());

    public static DuplicateProbe Of(string name, CustomerDetails details) => Of(name, details.TaxId, details.Phones, details.Emails);

    public bool IsEmpty => NameKey is null && TaxIdKey is null && PhoneKeys.Count == 0 && EmailKeys.Count == 0;

    /// <summary>What this and another have in common: "name", "taxId", "phone", "email"; empty when nothing.</summary>
    public IReadOnlyList<string> Matched(DuplicateProbe other)
    {
        var matched = new List<string>();
        if (NameKey is not null && NameKey == other.NameKey) matched.Add("name");
        if (TaxIdKey is not null && TaxIdKey == other.TaxIdKey) matched.Add("taxId");
        if (PhoneKeys.Intersect(other.PhoneKeys).Any()) matched.Add("phone");
        if (EmailKeys.Intersect(other.EmailKeys).Any()) matched.Add("email");
        return matched;
    }

    public IReadOnlyList<string> Matched(Customer customer) =>
        Matched(new DuplicateProbe(customer.NameKey, customer.TaxIdKey, customer.PhoneKeys, customer.EmailKeys));
}

/// <summary>Customers of a branch (or all) that look like the one described: same normalised name, tax id, a phone or an email.</summary>
internal static class DuplicateSearch
{
    public static async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(IDocumentStore store, string? branch,
        string? name, string? taxId, IEnumerable<string> phones, IEnumerable<string> emails, CancellationToken ct)
    {
        var probe = DuplicateProbe.Of(name, taxId, phones, emails);
        if (probe.IsEmpty) return [];

        await using var session = branch is null ? store.QuerySession() : store.QuerySession(branch);
        var live = session.Query<Customer>().Where(c => c.Status == CustomerStatus.Active || c.Status == CustomerStatus.Archived);
        if (branch is null) live = live.Where(c => c.AnyTenant());

        var found = new Dictionary<Guid, Customer>();
        async Task Add(IQueryable<Customer> query)
        {
            foreach (var c in await query.Take(20).ToListAsync(ct)) found[c.Id] = c;
        }
        if (probe.NameKey is { } nameKey) await Add(live.Where(c => c.NameKey == nameKey));
        if (probe.TaxIdKey is { } taxKey) await Add(live.Where(c => c.TaxIdKey == taxKey));
        // One key at a time (the 20 each finds are enough to show), each read from the GIN index on its array.
        foreach (var phone in probe.PhoneKeys)
        {
            object[] argument = [new[] { phone }];
            await Add(live.Where(c => c.MatchesSql(ContainsPhone, argument)));
        }
        foreach (var email in probe.EmailKeys)
        {
            object[] argument = [new[] { email }];
            await Add(live.Where(c => c.MatchesSql(ContainsEmail, argument)));
        }

        return found.Values.Select(c => Candidate(c, probe.Matched(c))).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The live customers of one branch matching any of many probes, in one query: an import checks
    /// thousands of rows against the branch without a round trip per row.
    /// </summary>
    public static async Task<IReadOnlyList<Customer>> FindAnyAsync(IDocumentStore store, string branch, IReadOnlyCollection<DuplicateProbe> probes, CancellationToken ct)
    {
        var names = probes.Select(p => p.NameKey).OfType<string>().Distinct().ToArray();
        var taxIds = probes.Select(p => p.TaxIdKey).OfType<string>().Distinct().ToArray();
        var phones = probes.SelectMany(p => p.PhoneKeys).Distinct().ToArray();
        var emails = probes.SelectMany(p => p.EmailKeys).Distinct().ToArray();
        if (names.Length + taxIds.Length + phones.Length + emails.Length == 0) return [];

        // A string[] passed alone would be taken for the params array itself: wrap it as one parameter.
        object[] phoneArgument = [phones], emailArgument = [emails];
        await using var session = store.QuerySession(branch);
        return await session.Query<Customer>()
            .Where(c => c.Status == CustomerStatus.Active || c.Status == CustomerStatus.Archived)
            .Where(c => c.NameKey.IsOneOf(names) || c.TaxIdKey.IsOneOf(taxIds)
                || c.MatchesSql(SharesPhone, phoneArgument)
                || c.MatchesSql(SharesEmail, emailArgument))
            .ToListAsync(ct);
    }

    // Against the GIN indexed arrays of normalised keys: has this one (@>), has any of these (&&).
    private const string ContainsPhone = $"d.{CustomerStorage.PhoneKeysColumn} @> ?";
    private const string ContainsEmail = $"d.{CustomerStorage.EmailKeysColumn} @> ?";
    private const string SharesPhone = $"d.{CustomerStorage.PhoneKeysColumn} && ?";
    private const string SharesEmail = $"d.{CustomerStorage.EmailKeysColumn} && ?";

    public static DuplicateCandidate Candidate(Customer c, IReadOnlyList<string> matched) =>
        new(c.Id, c.Branch, c.Name, c.Category, c.OwnerId, matched);
}
