namespace Crm.Sales.Domain;

/// <summary>An amount in a currency, as API.md writes money: <c>{ "amount": 1234.50, "currency": "CNY" }</c>.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public Money Plus(decimal amount) => this with { Amount = Amount + amount };
}
