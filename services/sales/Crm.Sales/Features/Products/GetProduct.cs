using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Products;

/// <summary>One product of the catalogue (where <c>POST /api/products</c> points its <c>Location</c>).</summary>
public static class GetProductEndpoint
{
    public static void MapGetProduct(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/products/{id:guid}", Handle).WithName("GetProduct");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (ProductAccess.RefuseReading(Caller.From(http.User)) is { } refused) return refused;
        await using var session = store.QuerySession();
        var product = await session.LoadAsync<Product>(id, ct);
        if (product is null) return AccessProblems.NotFound("product");
        ETags.Write(http, product.Version);
        return Results.Ok(ProductResponse.From(product));
    }
}
