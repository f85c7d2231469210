using Crm.Sales.Domain;

namespace Crm.Sales.Features.Products;

public sealed record ProductResponse(Guid Id, string Code, string Name, string Category, Money ListPrice, DateTimeOffset AddedAt, long Version)
{
    public static ProductResponse From(Product p) => new(p.Id, p.Code, p.Name, p.Category, p.ListPrice, p.AddedAt, p.Version);
}
