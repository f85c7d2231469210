using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.ServiceDefaults.Security;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Crm.Sales.Features.Products;

/// <summary>A group executive or system administrator adds a product to the catalogue; its code is unique in the group.</summary>
public static class AddProductEndpoint
{
    public sealed record Request(string? Code, string? Name, string? Category, MoneyInput? ListPrice);

    public static void MapAddProduct(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/products", Handle).WithName("AddProduct");

    private static async Task<IResult> Handle(Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        if (ProductAccess.RefuseAdding(Caller.From(http.User)) is { } refused) return refused;
        var errors = new ValidationErrors().RequireText("code", request.Code, 64).RequireText("name", request.Name, 200).RequireText("category", request.Category, 100);
        var listPrice = MoneyInput.Validate(errors, "listPrice", request.ListPrice, currency);
        if (errors.Any) return errors.ToProblem();

        var code = request.Code!.Trim();
        await using (var query = store.QuerySession())
            if (await query.Query<Product>().AnyAsync(p => p.Code == code, ct)) return Duplicate(code);

        var added = ProductDecider.Add(new AddProduct(Guid.CreateVersion7(), code, request.Name!, request.Category!, listPrice!, time.GetUtcNow()));
        await using var session = sessions.Unscoped();
        session.Events.StartStream<Product>(added.ProductId, added);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (MartenCommandException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Duplicate(code); // added by someone else between the check and the write
        }

        var product = ProductProjection.Fold(null, added, 1)!;
        ETags.Write(http, product.Version);
        return Results.Created($"/api/products/{product.Id}", ProductResponse.From(product));
    }

    private static IResult Duplicate(string code) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Duplicate product code", detail: $"The catalogue already has a product with code '{code}'.");
}
