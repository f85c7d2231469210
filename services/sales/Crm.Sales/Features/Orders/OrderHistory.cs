using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>Every change to an order: signing, each payment and reversal, cancellation, with who and when.</summary>
public static class OrderHistoryEndpoint
{
    public static void MapOrderHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/orders/{id:guid}/history", Handle).WithName("OrderHistory");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var order = await RecordLookup.FindVisibleAsync<Order>(store, access, id, ct);
        return order is null ? AccessProblems.NotFound("order") : await RecordReads.HistoryAsync(store, order, ct);
    }
}
