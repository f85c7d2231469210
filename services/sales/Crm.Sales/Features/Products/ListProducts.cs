using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Products;

/// <summary>The catalogue, filtered by category or a search on code and name, a page at a time.</summary>
public static class ListProductsEndpoint
{
    public static void MapListProducts(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/products", Handle).WithName("ListProducts");

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, CancellationToken ct, string? category = null, string? search = null, int? limit = null, string? cursor = null)
    {
        if (ProductAccess.RefuseReading(Caller.From(http.User)) is { } refused) return refused;
        var errors = new ValidationErrors();
        var paging = Paging.Read(limit, cursor, errors);
        if (errors.Any) return errors.ToProblem();

        await using var session = store.QuerySession();
        IQueryable<Product> found = session.Query<Product>();
        if (!string.IsNullOrWhiteSpace(category)) found = found.Where(p => p.Category == category.Trim());
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            found = found.Where(p => p.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || p.Code.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        return Results.Ok(await paging.ReadAsync(found.OrderBy(p => p.Id), rows => rows.Select(ProductResponse.From).ToList(), ct));
    }
}
