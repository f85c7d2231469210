using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>
/// Money collected against an order; partial payments happen, more than is outstanding is refused.
/// It was received now, by the server's clock; only an import client may say when (API.md business times).
/// </summary>
public static class RecordPaymentEndpoint
{
    public sealed record Request(decimal? Amount, DateTimeOffset? ReceivedAt, string? Reference);

    public static void MapRecordPayment(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders/{id:guid}/payments", Handle).WithName("RecordPayment");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var order = await RecordLookup.FindVisibleAsync<Order>(store, access, id, ct);
        if (order is null) return AccessProblems.NotFound("order");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        Check(request, access, now, errors);
        if (errors.Any) return errors.ToProblem();

        var receive = new ReceivePayment(Guid.CreateVersion7(), request.Amount!.Value, request.ReceivedAt ?? now, request.Reference);
        return await RecordCommand.DecideAsync(http, sessions, order, o => OrderDecider.ReceivePayment(o, receive),
            OrderProjection.Fold, o => OrderResponse.From(o, now), ct);
    }

    /// <summary>
    /// The checks on a payment's own fields: an amount in cents above nothing; a receiving time only from an
    /// import client, never in the future; a short reference. <paramref name="prefix"/> goes before each field's name.
    /// </summary>
    public static void Check(Request request, SalesAccess access, DateTimeOffset now, ValidationErrors errors, string prefix = "")
    {
        string amountField = $"{prefix}amount", receivedField = $"{prefix}receivedAt", referenceField = $"{prefix}reference";
        if (request.Amount is not { } amount || amount <= 0) errors.Add(amountField, $"'{amountField}' is more than 0.");
        else if (decimal.Round(amount, 2) != amount) errors.Add(amountField, $"'{amountField}' has at most 2 decimals.");
        if (request.ReceivedAt is not null && !access.IsImporter)
            errors.Add(receivedField, "Only an import client (crm.import) may give the time a payment was received; it is the server's clock otherwise.");
        if (request.ReceivedAt > now) errors.Add(receivedField, $"'{receivedField}' cannot be in the future.");
        if (request.Reference is { Length: > 200 }) errors.Add(referenceField, $"'{referenceField}' is at most 200 characters.");
    }
}
