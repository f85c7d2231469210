using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>One order now (or as of a past time): what is signed, collected, outstanding and overdue then.</summary>
public static class GetOrderEndpoint
{
    public static void MapGetOrder(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/orders/{id:guid}", Handle).WithName("GetOrder");

    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var order = await RecordLookup.FindVisibleAsync<Order>(store, access, id, ct);
        if (order is null) return AccessProblems.NotFound("order");
        if (asOf is { } then)
        {
            order = await RecordReads.AsOfAsync(store, order, then, OrderProjection.Fold, ct);
            if (order is null) return AccessProblems.NotFound("order");
        }

        ETags.Write(http, order.Version);
        return Results.Ok(OrderResponse.From(order, asOf ?? time.GetUtcNow()));
    }
}
