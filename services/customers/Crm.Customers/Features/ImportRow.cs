using System.Globalization;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;

namespace Crm.Customers.Features;

/// <summary>One CSV row of an import, read by column name. Lists (phones, emails, addresses) are separated by ';'.</summary>
internal sealed record ImportRow(string? Name, string? Category, string? GradeText, string? OwnerText, string? RegisteredText, CustomerDetails Details)
{
    public CustomerGrade Grade { get; private set; } = CustomerGrade.Normal;
    public Guid? OwnerId { get; private set; }

    /// <summary>When an import client says the customer was registered in the older CRM (ISO 8601 with an offset).</summary>
    public DateTimeOffset? RegisteredAt { get; private set; }

    public static ImportRow Parse(List<string> header, List<string> fields)
    {
        string? Get(string column)
        {
            var index = header.FindIndex(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index < fields.Count && fields[index].Trim() is { Length: > 0 } value ? value : null;
        }
        IReadOnlyList<string> List(string column) =>
            Get(column)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

        return new ImportRow(Get("name"), Get("category"), Get("grade"), Get("ownerId"), Get("registeredAt"),
            new CustomerDetails(Get("taxId"), List("phones"), List("emails"), List("addresses"), Get("website"), Get("needs"), Get("painPoints"), Get("competitors")));
    }

    /// <summary>The same rules as registering one customer, with each error named by its column.</summary>
    public IReadOnlyList<(string Column, string Message)> Validate(IReadOnlyList<string> categories, Caller caller, DateTimeOffset now)
    {
        var errors = new ValidationErrors()
            .RequireText("name", Name, CustomerFields.NameLength)
            .Category(Category, categories)
            .Details(Details);
        Grade = errors.Grade(GradeText, CustomerGrade.Normal) ?? CustomerGrade.Normal;
        if (OwnerText is not null)
        {
            if (!Guid.TryParse(OwnerText, out var owner)) errors.Add("ownerId", "'ownerId' is a staff id.");
            else if (caller.Role == Roles.SalesRep && owner != caller.StaffId) errors.Add("ownerId", "A sales rep imports customers for themselves.");
            else OwnerId = owner;
        }
        if (RegisteredText is not null)
        {
            if (!DateTimeOffset.TryParse(RegisteredText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var registered))
                errors.Add("registeredAt", "'registeredAt' is a time in ISO 8601, e.g. 2019-03-01T09:30:00+08:00.");
            else if (registered > now) errors.Add("registeredAt", "'registeredAt' cannot be in the future.");
            else RegisteredAt = registered;
        }
        return !errors.Any ? []
            : errors.ToProblem() is IValueHttpResult { Value: HttpValidationProblemDetails problem }
                ? problem.Errors.SelectMany(f => f.Value.Select(m => (f.Key, m))).ToList()
                : [("row", "The row is not valid.")];
    }
}
