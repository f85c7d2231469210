namespace Crm.Sales.Domain;

/// <summary>A product in the group's catalogue: configuration every branch sells from, not branch data.</summary>
public sealed record Product(Guid Id, string Code, string Name, string Category, Money ListPrice, DateTimeOffset AddedAt)
{
    public long Version { get; init; }
}

public sealed record AddProduct(Guid ProductId, string Code, string Name, string Category, Money ListPrice, DateTimeOffset Now);

/// <summary>The product's stored event; orders copy code, name and category onto their lines when signed.</summary>
public sealed record ProductAdded(Guid ProductId, string Code, string Name, string Category, Money ListPrice, DateTimeOffset AddedAt);

public static class ProductDecider
{
    public static Product? Evolve(Product? state, object @event) => @event switch
    {
        ProductAdded e => new Product(e.ProductId, e.Code, e.Name, e.Category, e.ListPrice, e.AddedAt),
        _ => state,
    };

    public static ProductAdded Add(AddProduct c) =>
        new(c.ProductId, c.Code.Trim(), c.Name.Trim(), c.Category.Trim(), c.ListPrice, c.Now);
}
