using Crm.Sales.Domain;

namespace Crm.Sales.Features.Orders;

public sealed record PaymentResponse(Guid Id, Money Amount, DateTimeOffset ReceivedAt, string? Reference, bool Reversed, DateTimeOffset? ReversedAt, string? ReversalReason);

/// <summary>An order with what managers ask of it: what is signed, collected, outstanding and overdue at <c>now</c>.</summary>
public sealed record OrderResponse(
    Guid Id, string Branch, Guid CustomerId, Guid? OpportunityId, Guid? OwnerId, IReadOnlyList<OrderLine> Lines, Money Total,
    DateTimeOffset SignedAt, DateTimeOffset PaymentDueAt, OrderStatus Status, IReadOnlyList<PaymentResponse> Payments,
    string? CancelReason, DateTimeOffset? CancelledAt, Money SignedAmount, Money CollectedAmount, Money OutstandingAmount, Money OverdueAmount, long Version)
{
    public static OrderResponse From(Order o, DateTimeOffset now)
    {
        Money In(decimal amount) => new(amount, o.Total.Currency);
        return new(o.Id, o.Branch, o.CustomerId, o.OpportunityId, o.OwnerId, o.Lines, o.Total, o.SignedAt, o.PaymentDueAt, o.Status,
            o.Payments.Select(p => new PaymentResponse(p.Id, p.Amount, p.ReceivedAt, p.Reference, p.IsReversed(), p.ReversedAt, p.ReversalReason)).ToList(),
            o.CancelReason, o.CancelledAt, In(o.Status == OrderStatus.Cancelled ? 0m : o.Total.Amount), In(o.Collected()), In(o.Outstanding()), In(o.Overdue(now)), o.Version);
    }
}
