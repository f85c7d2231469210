using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>A mistaken payment is reversed, never deleted: its amount is outstanding again. Once only.</summary>
public static class ReversePaymentEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapReversePayment(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders/{id:guid}/payments/{paymentId:guid}/reverse", Handle).WithName("ReversePayment");

    private static async Task<IResult> Handle(
        Guid id, Guid paymentId, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var order = await RecordLookup.FindVisibleAsync<Order>(store, access, id, ct);
        if (order is null || order.Payments.All(p => p.Id != paymentId)) return AccessProblems.NotFound(order is null ? "order" : "payment");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        var errors = new ValidationErrors().RequireText("reason", request.Reason, 1000);
        if (errors.Any) return errors.ToProblem();

        var now = time.GetUtcNow();
        return await RecordCommand.DecideAsync(http, sessions, order, o => OrderDecider.ReversePayment(o, new ReversePayment(paymentId, request.Reason!, now)),
            OrderProjection.Fold, o => OrderResponse.From(o, now), ct);
    }
}
