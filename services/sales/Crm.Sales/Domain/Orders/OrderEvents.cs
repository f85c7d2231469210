namespace Crm.Sales.Domain;

// The order's stored events. Signing copies each product's code, name and category onto its line,
// so the order reads the same however the catalogue changes later.

public sealed record OrderLine(
    Guid ProductId, string ProductCode, string ProductName, string ProductCategory, decimal Quantity, Money UnitPrice, Money LineTotal);

public sealed record OrderSigned(
    Guid OrderId, string Branch, Guid CustomerId, Guid? OpportunityId, Guid OwnerId, IReadOnlyList<OrderLine> Lines, Money Total,
    DateTimeOffset SignedAt, DateTimeOffset PaymentDueAt);

public sealed record OrderCancelled(Guid OrderId, string Reason, DateTimeOffset CancelledAt);

public sealed record PaymentReceived(Guid OrderId, Guid PaymentId, Money Amount, DateTimeOffset ReceivedAt, string? Reference);

public sealed record PaymentReversed(Guid OrderId, Guid PaymentId, Money Amount, string Reason, DateTimeOffset ReversedAt);

/// <summary>The order went to another rep (when its owner left the group).</summary>
public sealed record OrderOwnerAssigned(Guid OrderId, Guid OwnerId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);
