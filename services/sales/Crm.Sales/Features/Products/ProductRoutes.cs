namespace Crm.Sales.Features.Products;

public static class ProductRoutes
{
    public static void MapProducts(this IEndpointRouteBuilder app)
    {
        app.MapAddProduct();
        app.MapListProducts();
        app.MapGetProduct();
    }
}
