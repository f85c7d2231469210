using System.Text.Json;
using Crm.Contracts.Sales;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Marten;
using MassTransit;

namespace Crm.Reporting.Orders;

/// <summary>
/// The order events the sales, collections and product analyses are built from, each filed under its order.
/// </summary>
/// <remarks>
/// A sale counts for the customer category that held when it was signed. Order and customer events
/// come from different services on different queues, so when order-signed is recorded the category
/// reporting knows for the customer then is written into the recorded event's headers: a rebuild
/// gives the same answer, and a later category change does not move past sales. Limitation: if the
/// customer's own events reach reporting after the order (the customer unknown when the order is
/// recorded), no category is captured and the reports fall back to the customer's current category;
/// a profile change that happened before the signing but arrives after it is likewise not applied to
/// that order.
/// </remarks>
public static class OrderEventsRecorded
{
    public const string CategoryHeader = "reporting-customer-category";

    public static ConsumerRegistry RecordOrderEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Consume<RecordOrderSigned, OrderSigned>($"record.{CrmEvents.Describe(typeof(OrderSigned)).RoutingKey}")
        .Record<OrderCancelled>(services, e => e.OrderId)
        .Record<PaymentReceived>(services, e => e.OrderId)
        .Record<PaymentReversed>(services, e => e.OrderId)
        .Record<OrderOwnerAssigned>(services, e => e.OrderId);

    /// <summary>The customer category captured when the order was recorded, or empty.</summary>
    public static string CategoryOf(IEvent e) => e.GetHeader(CategoryHeader) switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString() ?? "",
        _ => "",
    };
}

/// <summary>Records order-signed with the category reporting knows for its customer at that moment.</summary>
public sealed class RecordOrderSigned(IDocumentStore store, TimeProvider time) : IConsumer<OrderSigned>
{
    public Task Consume(ConsumeContext<OrderSigned> context) =>
        store.AppendOnceAsync(context, context.Message.OrderId, time, async session =>
        {
            var customer = await session.LoadAsync<ReportCustomer>(context.Message.CustomerId, context.CancellationToken);
            if (customer is { Registered: true, Category.Length: > 0 })
                session.SetHeader(OrderEventsRecorded.CategoryHeader, customer.Category);
        });
}
