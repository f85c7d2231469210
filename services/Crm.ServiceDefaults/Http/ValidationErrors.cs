using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Http;

/// <summary>Collects per-field messages for an RFC 9457 validation problem (400).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>A required text: present, not blank, and at most <paramref name="maxLength"/> characters.</summary>
    public ValidationErrors RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        if (value.Trim().Length > maxLength) Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    /// <summary>The messages by field, for an answer that reports several records' errors side by side (a bulk import).</summary>
    public IReadOnlyDictionary<string, string[]> ByField() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public IResult ToProblem() => Results.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "The request has invalid fields");
}
