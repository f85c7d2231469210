using System.Globalization;
using System.Text;

namespace Crm.Customers.Domain;

/// <summary>
/// How two spellings of one customer are recognised: names compared by their letters and digits
/// only, case-insensitively ("Hengda Electrical Co., Ltd." = "hengda electrical co ltd"), phones by
/// their digits, emails and tax ids without case and spacing.
/// </summary>
public static class DuplicateKeys
{
    public static string Name(string name) => LettersAndDigits(name).ToLowerInvariant();

    public static string? TaxId(string? taxId) =>
        taxId is null ? null : LettersAndDigits(taxId).ToUpperInvariant() is { Length: > 0 } key ? key : null;

    /// <summary>Digits only; fewer than six digits is not a phone number anyone could match on.</summary>
    public static string? Phone(string? phone)
    {
        if (phone is null) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 6 ? digits : null;
    }

    public static string? Email(string? email) =>
        email?.Trim().ToLowerInvariant() is { Length: > 0 } key ? key : null;

    private static string LettersAndDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (char.IsLetterOrDigit(c)) builder.Append(c);
        return builder.ToString().ToString(CultureInfo.InvariantCulture);
    }
}
