using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;

namespace Crm.Customers.Features;

/// <summary>A contact as sent to add or replace one.</summary>
public sealed record ContactRequest(string? Name, string? Title, bool? DecisionMaker, string? Phone, string? Email, string? Preferences, string? Concerns)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .RequireText("name", Name, CustomerFields.NameLength)
            .Optional("title", Title, CustomerFields.ShortText)
            .Optional("preferences", Preferences, CustomerFields.LongText)
            .Optional("concerns", Concerns, CustomerFields.LongText);
        if (!string.IsNullOrWhiteSpace(Phone)) errors.Items("phone", [Phone], "phones");
        if (!string.IsNullOrWhiteSpace(Email)) errors.Items("email", [Email], "emails");
        return errors;
    }

    public ContactDetails Details => new(Name!, Title, DecisionMaker ?? false, Phone, Email, Preferences, Concerns);
}
