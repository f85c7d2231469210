using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>A signed order is called off, with a reason: it keeps its history and takes no more payments.</summary>
public static class CancelOrderEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapCancelOrder(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders/{id:guid}/cancel", Handle).WithName("CancelOrder");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var order = await RecordLookup.FindVisibleAsync<Order>(store, access, id, ct);
        if (order is null) return AccessProblems.NotFound("order");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        var errors = new ValidationErrors().RequireText("reason", request.Reason, 1000);
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        return await RecordCommand.DecideAsync(http, sessions, order, o => OrderDecider.Cancel(o, new CancelOrder(request.Reason!, now)),
            OrderProjection.Fold, o => OrderResponse.From(o, now), ct);
    }
}
