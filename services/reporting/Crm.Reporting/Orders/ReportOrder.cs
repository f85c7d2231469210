using Crm.Reporting.Reports;

namespace Crm.Reporting.Orders;

/// <summary>One product on a signed order, as it was when the order was signed.</summary>
public sealed record ReportOrderLine(Guid ProductId, string ProductCode, string ProductName, string ProductCategory, decimal Quantity, decimal LineTotal);

/// <summary>A payment collected against an order.</summary>
public sealed record ReportPayment(Guid PaymentId, decimal Amount, DateTimeOffset ReceivedAt);

/// <summary>When a payment was reversed (its cheque bounced, it was refunded): it counts as paid until then.</summary>
public sealed record ReportReversal(Guid PaymentId, DateTimeOffset ReversedAt);

/// <summary>
/// Reporting's replica of a signed order: what the sales, collections and product analyses sum up.
/// A sale counts for the branch it was signed in and the rep who owned it then (both as order-signed
/// carries them), and for the customer category that held at <see cref="SignedAt"/>, looked up in the
/// customer's recorded history whenever either changes (see <see cref="Attribution.OrderAttribution"/>).
/// </summary>
public sealed record ReportOrder(Guid Id) : IRecordedRow
{
    public bool IsSigned { get; init; }
    public string Branch { get; init; } = "";
    public Guid CustomerId { get; init; }
    /// <summary>The rep who owned the order when it was signed: whose sale it is in the sales analyses.</summary>
    public Guid? SignedOwnerId { get; init; }
    /// <summary>The order's current owner (reassigned when a rep leaves): who collects what is owed.</summary>
    public Guid? OwnerId { get; init; }
    public long OwnerAt { get; init; }

    public IReadOnlyList<ReportOrderLine> Lines { get; init; } = [];
    public decimal Total { get; init; }
    public string Currency { get; init; } = "";
    public DateTimeOffset SignedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }

    /// <summary>Payments received, and the ids of payments reversed (a reversal may arrive before its payment).</summary>
    public IReadOnlyList<ReportPayment> Payments { get; init; } = [];
    public IReadOnlyList<Guid> ReversedPayments { get; init; } = [];
    /// <summary>
    /// When each reversed payment was reversed. A row folded before reporting kept these has none: its reversed
    /// payments count as never paid until the reports are rebuilt.
    /// </summary>
    public IReadOnlyList<ReportReversal> Reversals { get; init; } = [];
    /// <summary>Sum of the payments not reversed.</summary>
    public decimal Collected { get; init; }
    /// <summary>What is still owed on a counted order: total less collected, never below zero.</summary>
    public decimal Outstanding { get; init; }

    public bool Cancelled { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    /// <summary>Counted as a sale: signed and not cancelled.</summary>
    public bool Counted { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
