namespace Crm.Sales.Domain;

public enum OrderStatus { Open, Cancelled }

/// <summary>Money collected against an order; a mistaken one is reversed, never deleted.</summary>
public sealed record Payment(Guid Id, Money Amount, DateTimeOffset ReceivedAt, string? Reference, DateTimeOffset? ReversedAt = null, string? ReversalReason = null)
{
    public bool IsReversed() => ReversedAt is not null;
}

/// <summary>A signed contract and the payments against it, as its events made it (see <see cref="OrderDecider.Evolve"/>).</summary>
public sealed record Order(
    Guid Id,
    string Branch,
    Guid CustomerId,
    Guid? OpportunityId,
    Guid? OwnerId,
    IReadOnlyList<OrderLine> Lines,
    Money Total,
    DateTimeOffset SignedAt,
    DateTimeOffset PaymentDueAt,
    OrderStatus Status,
    IReadOnlyList<Payment> Payments,
    string? CancelReason = null,
    DateTimeOffset? CancelledAt = null) : ISalesRecord
{
    public long Version { get; init; }

    public decimal Collected() => Payments.Where(p => !p.IsReversed()).Sum(p => p.Amount.Amount);

    /// <summary>What is still to be paid; nothing on a cancelled order.</summary>
    public decimal Outstanding() => Status == OrderStatus.Cancelled ? 0m : Total.Amount - Collected();

    /// <summary>The outstanding amount once the payment due date has passed, else nothing.</summary>
    public decimal Overdue(DateTimeOffset now) => now > PaymentDueAt ? Outstanding() : 0m;
}

/// <summary>One line as the caller asked for it, with the product it names.</summary>
public sealed record OrderedProduct(Product Product, decimal Quantity, decimal UnitPrice);

public sealed record SignOrder(
    Guid OrderId, string Branch, Guid CustomerId, Guid? OpportunityId, Guid OwnerId, IReadOnlyList<OrderedProduct> Lines,
    string Currency, DateTimeOffset SignedAt, DateTimeOffset? PaymentDueAt);

public sealed record CancelOrder(string Reason, DateTimeOffset Now);

public sealed record ReceivePayment(Guid PaymentId, decimal Amount, DateTimeOffset ReceivedAt, string? Reference);

public sealed record ReversePayment(Guid PaymentId, string Reason, DateTimeOffset Now);

public sealed record AssignOrderOwner(Guid OwnerId, DateTimeOffset Now);
