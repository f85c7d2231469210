using System.Text;

namespace Crm.Customers.Domain;

/// <summary>
/// What the customer search looks in and how it is indexed. A customer is found when the search
/// text, normalised, is part of one of its normalised texts: the name, the tax id, the emails and
/// the contacts' names and emails as written, the phones (customer and contacts) by their digits.
/// Normalised means width-folded (NFKC: "ＡＢＣ１２" = "abc12"), lower-cased and without white space
/// ("Hengda Elec" finds "HENGDA  ELECTRICAL"). A search that looks like a phone number (digits with
/// spaces, +, -, dots or brackets) is also looked for by its digits alone ("138-0013" finds
/// "+86 138 0013 8000").
/// <para>
/// The index: every text's distinct 1- and 2-character pieces (<see cref="Grams"/>), kept in a GIN
/// indexed array. A text containing the search contains all of the search's pieces, so the index
/// narrows the customers to those having every piece of the search, and the real substring check on
/// the joined normalised texts (<see cref="Text"/>) keeps only exact matches. Two characters is the
/// shortest useful Chinese search ("美的"), which is why the pieces are this short.
/// </para>
/// </summary>
public static class SearchKeys
{
    /// <summary>Between two normalised texts: white space, so never part of a normalised search.</summary>
    public const char Separator = '\n';

    /// <summary>Width-folded, lower-cased, white space removed; characters are whole (no split surrogate pairs).</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
            if (!Rune.IsWhiteSpace(rune)) builder.Append(Rune.ToLowerInvariant(rune).ToString());
        return builder.ToString();
    }

    /// <summary>The digits of a text, as a phone is searched by.</summary>
    public static string Digits(string? text) =>
        text is null ? "" : new string(text.Normalize(NormalizationForm.FormKC).Where(char.IsAsciiDigit).ToArray());

    /// <summary>The normalised texts a customer is searched in, each once, without empty ones.</summary>
    public static IReadOnlyList<string> Texts(Customer customer)
    {
        var texts = new List<string> { Normalise(customer.Name), Normalise(customer.Details.TaxId) };
        texts.AddRange(customer.Details.Phones.Select(Digits));
        texts.AddRange(customer.Details.Emails.Select(Normalise));
        foreach (var contact in customer.Contacts)
            texts.AddRange([Normalise(contact.Name), Digits(contact.Phone), Normalise(contact.Email)]);
        return texts.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The texts joined by <see cref="Separator"/>: what the exact check of a search reads.</summary>
    public static string Text(IEnumerable<string> texts) => string.Join(Separator, texts);

    /// <summary>Every distinct 1- and 2-character piece of the texts (a piece never spans two texts), in ordinal order.</summary>
    public static string[] Grams(IEnumerable<string> texts)
    {
        var grams = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var characters = Characters(text);
            for (var i = 0; i < characters.Count; i++)
            {
                grams.Add(characters[i]);
                if (i + 1 < characters.Count) grams.Add(characters[i] + characters[i + 1]);
            }
        }
        return [.. grams];
    }

    /// <summary>
    /// What a search looks for: its normalised text, and its digits too when it looks like a phone
    /// number and they differ. Empty when nothing is left to look for (the search then narrows nothing).
    /// </summary>
    public static IReadOnlyList<SearchTerm> Terms(string search)
    {
        var terms = new List<SearchTerm>();
        var text = Normalise(search);
        if (text.Length > 0) terms.Add(SearchTerm.Of(text));
        if (LooksLikePhone(search) && Digits(search) is { Length: > 0 } digits && digits != text) terms.Add(SearchTerm.Of(digits));
        return terms;
    }

    private static bool LooksLikePhone(string search) =>
        search.Normalize(NormalizationForm.FormKC).All(c => char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || c is '+' or '-' or '(' or ')' or '.');

    internal static List<string> Characters(string text) => [.. text.EnumerateRunes().Select(r => r.ToString())];
}

/// <summary>
/// One normalised text to look for, with the pieces every customer containing it has: its
/// 2-character pieces (which imply its single characters), or the character itself when it is one.
/// </summary>
public sealed record SearchTerm(string Text, IReadOnlyList<string> Grams)
{
    public static SearchTerm Of(string text)
    {
        var characters = SearchKeys.Characters(text);
        IEnumerable<string> grams = characters.Count == 1
            ? characters
            : characters.Zip(characters.Skip(1), (a, b) => a + b);
        return new SearchTerm(text, grams.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>A LIKE pattern matching any text containing this one (%, _ and \ taken literally).</summary>
    public string ContainsPattern() =>
        "%" + Text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
