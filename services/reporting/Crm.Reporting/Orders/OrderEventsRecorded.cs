using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;

namespace Crm.Reporting.Orders;

/// <summary>
/// The order events the sales, collections and product analyses are built from, each filed under its order.
/// </summary>
/// <remarks>
/// Nothing about the customer is captured when an order is recorded: order and customer events come
/// from different services on different queues, in no guaranteed order. Which category, and after a
/// merge which customer, a sale counts for is resolved from the customer's recorded history each time
/// the order or that history changes (<see cref="Attribution.OrderAttribution"/>), so the answer is the same
/// whichever arrived first and after a rebuild.
/// </remarks>
public static class OrderEventsRecorded
{
    public static ConsumerRegistry RecordOrderEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Record<OrderSigned>(services, e => e.OrderId)
        .Record<OrderCancelled>(services, e => e.OrderId)
        .Record<PaymentReceived>(services, e => e.OrderId)
        .Record<PaymentReversed>(services, e => e.OrderId)
        .Record<OrderOwnerAssigned>(services, e => e.OrderId);
}
