namespace Crm.Sales.Domain;

/// <summary>
/// The order decider. Payments never exceed what is outstanding; a cancelled order keeps its
/// history but takes no payments; a payment is reversed at most once.
/// </summary>
public static class OrderDecider
{
    /// <summary>Payment is due 30 days after signing unless the contract says otherwise (DOMAIN.md).</summary>
    public static readonly TimeSpan DefaultPaymentTerm = TimeSpan.FromDays(30);

    public static Order? Evolve(Order? state, object @event) => @event switch
    {
        OrderSigned e => new Order(e.OrderId, e.Branch, e.CustomerId, e.OpportunityId, e.OwnerId, e.Lines, e.Total, e.SignedAt, e.PaymentDueAt,
            OrderStatus.Open, []),
        OrderCancelled e when state is not null => state with { Status = OrderStatus.Cancelled, CancelReason = e.Reason, CancelledAt = e.CancelledAt },
        PaymentReceived e when state is not null => state with
        {
            Payments = [.. state.Payments, new Payment(e.PaymentId, e.Amount, e.ReceivedAt, e.Reference)],
        },
        PaymentReversed e when state is not null => state with
        {
            Payments = state.Payments.Select(p => p.Id == e.PaymentId ? p with { ReversedAt = e.ReversedAt, ReversalReason = e.Reason } : p).ToList(),
        },
        OrderOwnerAssigned e when state is not null => state with { OwnerId = e.OwnerId },
        CustomerMergedInto e when state is not null => state with { CustomerId = e.SurvivorId },
        OrderTransferredIn e => e.State,
        _ => state,
    };

    public static Decision Sign(SignOrder c)
    {
        if (c.Lines.Count == 0) return Decision.Refuse("An order has at least one line.");
        var lines = c.Lines.Select(l => new OrderLine(l.Product.Id, l.Product.Code, l.Product.Name, l.Product.Category, l.Quantity,
            new Money(l.UnitPrice, c.Currency), new Money(decimal.Round(l.Quantity * l.UnitPrice, 2), c.Currency))).ToList();
        var total = new Money(lines.Sum(l => l.LineTotal.Amount), c.Currency);
        var due = c.PaymentDueAt ?? c.SignedAt + DefaultPaymentTerm;
        if (due < c.SignedAt) return Decision.Refuse("Payment cannot fall due before the order is signed.");
        return Decision.Accept(new OrderSigned(c.OrderId, c.Branch, c.CustomerId, c.OpportunityId, c.OwnerId, lines, total, c.SignedAt, due));
    }

    /// <summary>Cancelling while payments stand would leave collected money on a dead contract: reverse them first.</summary>
    public static Decision Cancel(Order order, CancelOrder c)
    {
        if (RefuseIfCancelled(order) is { } refused) return refused;
        return order.Collected() > 0
            ? Decision.Refuse("Payments stand against this order; reverse them before cancelling it.")
            : Decision.Accept(new OrderCancelled(order.Id, c.Reason.Trim(), c.Now));
    }

    public static Decision ReceivePayment(Order order, ReceivePayment c)
    {
        if (RefuseIfCancelled(order) is { } refused) return refused;
        if (c.Amount <= 0) return Decision.Refuse("A payment is more than nothing.");
        var outstanding = order.Outstanding();
        return c.Amount > outstanding
            ? Decision.Refuse($"Only {outstanding} {order.Total.Currency} is outstanding; a payment of {c.Amount} is more than that.")
            : Decision.Accept(new PaymentReceived(order.Id, c.PaymentId, new Money(c.Amount, order.Total.Currency), c.ReceivedAt, c.Reference?.Trim()));
    }

    public static Decision ReversePayment(Order order, ReversePayment c)
    {
        var payment = order.Payments.FirstOrDefault(p => p.Id == c.PaymentId);
        if (payment is null) return Decision.Refuse($"The order has no payment {c.PaymentId}.");
        return payment.IsReversed()
            ? Decision.Refuse("This payment was already reversed.")
            : Decision.Accept(new PaymentReversed(order.Id, payment.Id, payment.Amount, c.Reason.Trim(), c.Now));
    }

    public static Decision AssignOwner(Order order, AssignOrderOwner c) =>
        RefuseIfCancelled(order) ?? (order.OwnerId == c.OwnerId
            ? Decision.Refuse("The order already belongs to this rep.")
            : Decision.Accept(new OrderOwnerAssigned(order.Id, c.OwnerId, order.OwnerId, c.Now)));

    private static Decision? RefuseIfCancelled(Order order) =>
        order.Status == OrderStatus.Cancelled ? Decision.Refuse("The order was cancelled; it keeps its history and takes no more changes.") : null;
}
