using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Orders;

/// <summary>
/// Folds recorded order events into <see cref="ReportOrder"/>. Order-insensitive: payments are kept by
/// id and a reversal counts whether it arrives before or after its payment; cancellation is final; the
/// current owner changes only for an event newer at its source than the one that set it, while the
/// owner at signing stays as order-signed gave it.
/// </summary>
public sealed class ReportOrderProjection : SingleStreamProjection<ReportOrder, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportOrderProjection()
    {
        IncludeType<OrderSigned>();
        IncludeType<OrderCancelled>();
        IncludeType<PaymentReceived>();
        IncludeType<PaymentReversed>();
        IncludeType<OrderOwnerAssigned>();
    }

    public override ReportOrder? Evolve(ReportOrder? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var o = snapshot ?? new ReportOrder(id);
        o = e.Data switch
        {
            OrderSigned x => Owner(o, at, x.OwnerId) with
            {
                IsSigned = true, Branch = x.Branch, CustomerId = x.CustomerId, SignedOwnerId = x.OwnerId,
                Lines = [.. x.Lines.Select(l => new ReportOrderLine(l.ProductId, l.ProductCode, l.ProductName, l.ProductCategory, l.Quantity, l.LineTotal.Amount))],
                Total = x.Total.Amount, Currency = x.Total.Currency, SignedAt = x.SignedAt, DueAt = x.PaymentDueAt,
            },
            OrderCancelled x => o with { Cancelled = true, CancelledAt = x.CancelledAt, Branch = Known(o.Branch, x.Branch) },
            PaymentReceived x => o.Payments.Any(p => p.PaymentId == x.PaymentId)
                ? o
                : o with { Payments = [.. o.Payments, new ReportPayment(x.PaymentId, x.Amount.Amount, x.ReceivedAt)], Branch = Known(o.Branch, x.Branch) },
            PaymentReversed x => o.ReversedPayments.Contains(x.PaymentId)
                ? o
                : o with
                {
                    ReversedPayments = [.. o.ReversedPayments, x.PaymentId], Reversals = [.. o.Reversals, new ReportReversal(x.PaymentId, x.ReversedAt)],
                    Branch = Known(o.Branch, x.Branch),
                },
            OrderOwnerAssigned x => Owner(o, at, x.OwnerId) with { Branch = Known(o.Branch, x.Branch) },
            _ => o,
        };
        var collected = o.Payments.Where(p => !o.ReversedPayments.Contains(p.PaymentId)).Sum(p => p.Amount);
        var counted = o.IsSigned && !o.Cancelled;
        var (position, occurred, applied) = ProjectionLag.Stamp(o.SourcePosition, e);
        return o with
        {
            Collected = collected,
            Counted = counted,
            Outstanding = counted ? Math.Max(0, o.Total - collected) : 0,
            SourcePosition = position, OccurredAt = occurred, AppliedAt = applied,
        };
    }

    private static string Known(string current, string branch) => current.Length > 0 ? current : branch;

    private static ReportOrder Owner(ReportOrder o, long at, Guid owner) =>
        at >= o.OwnerAt ? o with { OwnerId = owner, OwnerAt = at } : o;
}
