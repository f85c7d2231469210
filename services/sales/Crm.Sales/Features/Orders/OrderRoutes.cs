namespace Crm.Sales.Features.Orders;

public static class OrderRoutes
{
    public static void MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapSignOrder();
        app.MapImportOrders();
        app.MapListOrders();
        app.MapGetOrder();
        app.MapOrderHistory();
        app.MapCancelOrder();
        app.MapRecordPayment();
        app.MapReversePayment();
    }
}
