using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;

namespace Crm.Sales.Features;

/// <summary>The group's one currency (DOMAIN.md: default CNY), from <c>Crm:Currency</c>.</summary>
public sealed record GroupCurrency(string Code);

/// <summary>Money as the API takes it: an amount and, optionally, the group's currency.</summary>
public sealed record MoneyInput(decimal? Amount, string? Currency)
{
    /// <returns>The money, or null with the field's errors added.</returns>
    public static Money? Validate(ValidationErrors errors, string field, MoneyInput? input, GroupCurrency currency, bool required = true, bool positive = false)
    {
        if (input is null)
        {
            if (required) errors.Add(field, $"'{field}' is required, as {{ amount, currency }}.");
            return null;
        }
        var ok = true;
        if (input.Amount is not { } amount) { errors.Add($"{field}.amount", $"'{field}.amount' is required."); ok = false; amount = 0; }
        else if (amount < 0 || (positive && amount == 0)) { errors.Add($"{field}.amount", $"'{field}.amount' must be {(positive ? "more than" : "at least")} 0."); ok = false; }
        else if (decimal.Round(amount, 2) != amount) { errors.Add($"{field}.amount", $"'{field}.amount' has at most 2 decimals."); ok = false; }
        if (input.Currency is { } code && code != currency.Code) { errors.Add($"{field}.currency", $"The group works in {currency.Code}."); ok = false; }
        return ok ? new Money(amount, currency.Code) : null;
    }
}
