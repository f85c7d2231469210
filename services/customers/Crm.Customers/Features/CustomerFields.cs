using System.Globalization;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;

namespace Crm.Customers.Features;

/// <summary>The limits of a customer's fields, checked the same way on registration, edits and import.</summary>
internal static class CustomerFields
{
    public const int NameLength = 200;
    public const int ShortText = 100;
    public const int LongText = 2000;
    public const int MaxItems = 10;

    public static ValidationErrors Optional(this ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength) errors.Add(field, $"'{field}' must be at most {maxLength} characters.");
        return errors;
    }

    public static ValidationErrors Category(this ValidationErrors errors, string? category, IReadOnlyCollection<string> allowed)
    {
        errors.RequireText("category", category, ShortText);
        if (!string.IsNullOrWhiteSpace(category) && !allowed.Contains(category.Trim()))
            errors.Add("category", $"'category' must be one of: {string.Join(", ", allowed)}.");
        return errors;
    }

    public static CustomerGrade? Grade(this ValidationErrors errors, string? grade, CustomerGrade? fallback)
    {
        if (grade is null) return fallback;
        if (TryGrade(grade, out var parsed)) return parsed;
        errors.Add("grade", "'grade' must be one of: vip, key, normal.");
        return null;
    }

    public static bool TryGrade(string? text, out CustomerGrade grade)
    {
        (var known, grade) = text?.Trim().ToLowerInvariant() switch
        {
            "vip" => (true, CustomerGrade.Vip),
            "key" => (true, CustomerGrade.Key),
            "normal" => (true, CustomerGrade.Normal),
            _ => (false, CustomerGrade.Normal),
        };
        return known;
    }

    /// <summary>Phones, emails and addresses: a few short items, each well-formed.</summary>
    public static ValidationErrors Items(this ValidationErrors errors, string field, IReadOnlyList<string>? items, string? rule = null)
    {
        if (items is null) return errors;
        if (items.Count > MaxItems) errors.Add(field, $"'{field}' takes at most {MaxItems} entries.");
        var (max, valid, format) = (rule ?? field) switch
        {
            "phones" => (40, (Func<string, bool>)(p => DuplicateKeys.Phone(p) is not null && p.All(c => char.IsAsciiDigit(c) || " +-().".Contains(c))),
                "a phone number (digits, spaces, + - ( ) and at least six digits)"),
            "emails" => (254, e => e.Trim() is var t && t.IndexOf('@', StringComparison.Ordinal) > 0 && !t.Contains(' ') && !t.EndsWith('@'), "an email address"),
            _ => (500, _ => true, "text"),
        };
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (string.IsNullOrWhiteSpace(item)) errors.Add(field, $"'{field}[{i.ToString(CultureInfo.InvariantCulture)}]' is empty.");
            else if (item.Trim().Length > max) errors.Add(field, $"'{field}[{i.ToString(CultureInfo.InvariantCulture)}]' must be at most {max} characters.");
            else if (!valid(item)) errors.Add(field, $"'{field}[{i.ToString(CultureInfo.InvariantCulture)}]' is not {format}.");
        }
        return errors;
    }

    public static ValidationErrors Details(this ValidationErrors errors, CustomerDetails d) => errors
        .Optional("taxId", d.TaxId, 50)
        .Items("phones", d.Phones)
        .Items("emails", d.Emails)
        .Items("addresses", d.Addresses)
        .Optional("website", d.Website, 500)
        .Optional("needs", d.Needs, LongText)
        .Optional("painPoints", d.PainPoints, LongText)
        .Optional("competitors", d.Competitors, LongText);
}
