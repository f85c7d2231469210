using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;

namespace Crm.Sales.Tests.Domain;

public class OrderDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly Product Cable = new(Guid.CreateVersion7(), "CBL-100", "Copper cable 100 m", "cable", new Money(480m, "CNY"), Now);

    private static OrderSigned Signed(decimal quantity = 10m, decimal unitPrice = 450m) =>
        (OrderSigned)OrderDecider.Sign(new SignOrder(Guid.CreateVersion7(), "north", Guid.CreateVersion7(), null, Guid.CreateVersion7(),
            [new OrderedProduct(Cable, quantity, unitPrice)], "CNY", Now, null)).Events[0];

    private static Order Given(params object[] events) => events.Aggregate((Order?)null, OrderDecider.Evolve)!;

    private static PaymentReceived Paid(OrderSigned order, decimal amount) => new(order.OrderId, Guid.CreateVersion7(), new Money(amount, "CNY"), Now, null);

    [Fact]
    public void Signing_copies_the_product_onto_the_line_totals_it_and_makes_payment_due_in_30_days()
    {
        var signed = Signed(quantity: 10m, unitPrice: 450m);

        var line = Assert.Single(signed.Lines);
        Assert.Equal(("CBL-100", "Copper cable 100 m", "cable"), (line.ProductCode, line.ProductName, line.ProductCategory));
        Assert.Equal(new Money(4500m, "CNY"), line.LineTotal);
        Assert.Equal(new Money(4500m, "CNY"), signed.Total);
        Assert.Equal(Now.AddDays(30), signed.PaymentDueAt);
    }

    [Fact]
    public void A_partial_payment_leaves_the_rest_outstanding()
    {
        var signed = Signed();
        var order = Given(signed);

        var decision = OrderDecider.ReceivePayment(order, new ReceivePayment(Guid.CreateVersion7(), 1000m, Now, "Bank 7781"));

        var received = Assert.IsType<PaymentReceived>(Assert.Single(decision.Events));
        Assert.Equal(3500m, OrderDecider.Evolve(order, received)!.Outstanding());
    }

    [Fact]
    public void Paying_more_than_is_outstanding_is_refused()
    {
        var signed = Signed();
        var order = Given(signed, Paid(signed, 4000m));

        var decision = OrderDecider.ReceivePayment(order, new ReceivePayment(Guid.CreateVersion7(), 500.01m, Now, null));

        Assert.True(decision.IsRefused);
    }

    [Fact]
    public void A_payment_on_a_cancelled_order_is_refused()
    {
        var signed = Signed();
        var order = Given(signed, new OrderCancelled(signed.OrderId, "Customer withdrew", Now));

        var decision = OrderDecider.ReceivePayment(order, new ReceivePayment(Guid.CreateVersion7(), 100m, Now, null));

        Assert.True(decision.IsRefused);
    }

    [Fact]
    public void Reversing_a_payment_makes_its_amount_outstanding_again()
    {
        var signed = Signed();
        var paid = Paid(signed, 4500m);
        var order = Given(signed, paid);

        var decision = OrderDecider.ReversePayment(order, new ReversePayment(paid.PaymentId, "Wrong order", Now));

        Assert.Equal([new PaymentReversed(signed.OrderId, paid.PaymentId, paid.Amount, "Wrong order", Now)], decision.Events);
        var after = OrderDecider.Evolve(order, decision.Events[0])!;
        Assert.Equal((0m, 4500m), (after.Collected(), after.Outstanding()));
        Assert.Single(after.Payments);
    }

    [Fact]
    public void Reversing_a_payment_twice_is_refused()
    {
        var signed = Signed();
        var paid = Paid(signed, 100m);
        var order = Given(signed, paid, new PaymentReversed(signed.OrderId, paid.PaymentId, paid.Amount, "Wrong order", Now));

        Assert.True(OrderDecider.ReversePayment(order, new ReversePayment(paid.PaymentId, "Again", Now)).IsRefused);
    }

    [Fact]
    public void An_order_with_standing_payments_cannot_be_cancelled()
    {
        var signed = Signed();
        var order = Given(signed, Paid(signed, 100m));

        Assert.True(OrderDecider.Cancel(order, new CancelOrder("Customer withdrew", Now)).IsRefused);
    }

    [Fact]
    public void A_cancelled_order_cannot_be_cancelled_again_and_owes_nothing()
    {
        var signed = Signed();
        var order = Given(signed, new OrderCancelled(signed.OrderId, "Customer withdrew", Now));

        Assert.True(OrderDecider.Cancel(order, new CancelOrder("Again", Now)).IsRefused);
        Assert.Equal(0m, order.Outstanding());
    }

    [Fact]
    public void What_is_outstanding_after_the_due_date_is_overdue()
    {
        var signed = Signed();
        var order = Given(signed, Paid(signed, 1500m));

        var before = OrderResponse.From(order, signed.PaymentDueAt);
        var after = OrderResponse.From(order, signed.PaymentDueAt.AddMinutes(1));

        Assert.Equal((4500m, 1500m, 3000m, 0m), (before.SignedAmount.Amount, before.CollectedAmount.Amount, before.OutstandingAmount.Amount, before.OverdueAmount.Amount));
        Assert.Equal(3000m, after.OverdueAmount.Amount);
    }

    [Fact]
    public void An_order_without_lines_is_refused()
    {
        var decision = OrderDecider.Sign(new SignOrder(Guid.CreateVersion7(), "north", Guid.CreateVersion7(), null, Guid.CreateVersion7(), [], "CNY", Now, null));

        Assert.True(decision.IsRefused);
    }
}
