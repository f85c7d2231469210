using Crm.ServiceDefaults.Http;

namespace Crm.Sales.Features;

/// <summary>The optional contact details a lead or a new customer carries.</summary>
public static class ContactFields
{
    public static void Validate(ValidationErrors errors, string? contactPerson, string? phone, string? email, string prefix = "")
    {
        if (contactPerson?.Length > 100) errors.Add(prefix + "contactPerson", $"'{prefix}contactPerson' must be at most 100 characters.");
        if (phone is { Length: > 0 } && (phone.Length > 40 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')')))
            errors.Add(prefix + "phone", $"'{prefix}phone' is a phone number: digits, spaces, + - ( ), at most 40 characters.");
        if (email is { Length: > 0 } && (email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.EndsWith('@')))
            errors.Add(prefix + "email", $"'{prefix}email' is not an email address.");
    }
}
