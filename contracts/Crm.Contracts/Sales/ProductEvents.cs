namespace Crm.Contracts.Sales;

/// <summary>
/// A product was added to the group's catalogue (configuration, not branch data: no branch).
/// <c>Code</c> is unique in the group; <c>Category</c> groups products in the product-mix report.
/// </summary>
[IntegrationEvent("sales", "product-added")]
public sealed record ProductAdded(Guid ProductId, string Code, string Name, string Category, Money ListPrice, DateTimeOffset AddedAt);
