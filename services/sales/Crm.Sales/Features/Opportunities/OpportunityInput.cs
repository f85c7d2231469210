using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;

namespace Crm.Sales.Features.Opportunities;

/// <summary>The deal's own fields, as opened directly or in the step that converts a lead.</summary>
public sealed record OpportunityInput(string? Name, MoneyInput? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products, Guid? OwnerId, string? Stage)
{
    public const int MaxProducts = 100;

    public sealed record Valid(string Name, Money Amount, DateOnly ExpectedCloseDate, IReadOnlyList<Guid> Products, string Stage);

    /// <param name="prefix">Where the fields sit in the request (<c>opportunity.</c> inside a conversion).</param>
    public Valid? Validate(ValidationErrors errors, GroupCurrency currency, PipelineStages stages, string prefix = "")
    {
        errors.RequireText(prefix + "name", Name, 200);
        var amount = MoneyInput.Validate(errors, prefix + "amount", Amount, currency);
        if (ExpectedCloseDate is null) errors.Add(prefix + "expectedCloseDate", $"'{prefix}expectedCloseDate' is required (yyyy-mm-dd).");
        if (Products is { Count: > MaxProducts }) errors.Add(prefix + "products", $"'{prefix}products' lists at most {MaxProducts} products.");
        if (Products?.Contains(Guid.Empty) == true) errors.Add(prefix + "products", $"'{prefix}products' holds product ids.");
        var stage = Stage?.Trim() ?? stages.First;
        if (!stages.IsOpenStage(stage))
            errors.Add(prefix + "stage", $"'{prefix}stage' is one of the open stages: {string.Join(", ", stages.OpenStages.Select(s => s.Name))}.");
        return amount is null || ExpectedCloseDate is null || string.IsNullOrWhiteSpace(Name) || !stages.IsOpenStage(stage)
            ? null
            : new Valid(Name, amount, ExpectedCloseDate.Value, Products?.Distinct().ToList() ?? [], stage);
    }
}
