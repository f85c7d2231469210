namespace Crm.Contracts.Sales;

/// <summary>
/// A contract was signed with a customer: its lines, total and when payment is due. <c>SignedAt</c>
/// is business time (the server's clock, or a migrated past time from an import client); each line
/// carries the product as it was then, so reports need no product lookup.
/// </summary>
[IntegrationEvent("sales", "order-signed")]
public sealed record OrderSigned(
    Guid OrderId, string Branch, Guid CustomerId, Guid? OpportunityId, Guid OwnerId,
    IReadOnlyList<OrderLine> Lines, Money Total, DateTimeOffset SignedAt, DateTimeOffset PaymentDueAt);

/// <summary>One product on an order: <c>LineTotal</c> = <c>Quantity</c> × <c>UnitPrice</c>.</summary>
public sealed record OrderLine(
    Guid ProductId, string ProductCode, string ProductName, string ProductCategory,
    decimal Quantity, Money UnitPrice, Money LineTotal);

/// <summary>A signed order was called off. It keeps its history and takes no more payments.</summary>
[IntegrationEvent("sales", "order-cancelled")]
public sealed record OrderCancelled(Guid OrderId, string Branch, string Reason, DateTimeOffset CancelledAt);

/// <summary>Money was collected against an order (partial payments happen). <c>ReceivedAt</c> is business time.</summary>
[IntegrationEvent("sales", "payment-received")]
public sealed record PaymentReceived(Guid OrderId, string Branch, Guid PaymentId, Money Amount, DateTimeOffset ReceivedAt, string? Reference);

/// <summary>A mistaken payment was reversed (never deleted): its amount is outstanding again.</summary>
[IntegrationEvent("sales", "payment-reversed")]
public sealed record PaymentReversed(Guid OrderId, string Branch, Guid PaymentId, Money Amount, string Reason, DateTimeOffset ReversedAt);

/// <summary>An open order went to another rep (its owner left the group); collections per rep count it as theirs from now on.</summary>
[IntegrationEvent("sales", "order-owner-assigned")]
public sealed record OrderOwnerAssigned(Guid OrderId, string Branch, Guid OwnerId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);
