using Crm.ServiceDefaults.Http;

namespace Crm.Tickets.Features;

/// <summary>Filters given as query parameters, in the same lower-case words the API writes.</summary>
public static class QueryFilters
{
    /// <returns>The value, or null when absent; a word that is not one of the values is a bad field.</returns>
    public static TEnum? Parse<TEnum>(ValidationErrors errors, string field, string? word) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(word)) return null;
        if (Enum.TryParse<TEnum>(word.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(word.Trim()[0])) return value;
        errors.Add(field, $"'{field}' is one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");
        return null;
    }
}
