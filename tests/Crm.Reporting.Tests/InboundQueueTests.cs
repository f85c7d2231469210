using System.Globalization;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

/// <summary>Reporting receives every event it records on one queue, a record's events in the order they were published.</summary>
public class InboundQueueTests(ReportingService service) : IClassFixture<ReportingService>
{
    [Fact]
    public async Task Reporting_reads_one_queue_bound_to_every_event_it_records()
    {
        var management = new RabbitManagement((await TestInfrastructure.GetAsync()).RabbitMqManagementUri);
        var vhost = Uri.EscapeDataString(RabbitManagement.VirtualHostOf(service.RabbitMq));
        var queues = (await management.GetJsonAsync($"api/queues/{vhost}")).EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()!).Where(n => n.StartsWith("reporting.", StringComparison.Ordinal)
                && !n.StartsWith("reporting.revocations.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["reporting.events"], queues);

        // MassTransit binds crm.events to an exchange named after the queue, which feeds the queue.
        var keys = (await management.GetJsonAsync($"api/exchanges/{vhost}/crm.events/bindings/source")).EnumerateArray()
            .Where(b => b.GetProperty("destination").GetString() == "reporting.events")
            .Select(b => b.GetProperty("routing_key").GetString()!).ToHashSet();
        foreach (var key in new[] { "customers.customer-registered", "customers.customers-merged", "sales.order-signed", "sales.payment-received", "tickets.ticket-opened", "identity.staff-joined" })
            Assert.Contains(key, keys);
    }

    [Fact]
    public async Task Events_about_one_record_are_recorded_in_the_order_they_were_published_whatever_their_kinds()
    {
        var branch = SourceEvents.ABranch();
        var orders = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        var customer = Guid.CreateVersion7();
        var events = new List<(string, object, IDictionary<string, string>)>();
        var position = 5_000L;
        void Add(string key, Guid subject, object body) =>
            events.Add((key, body, ReportingService.Headers(key, Guid.CreateVersion7(), subject, branch, ++position)));

        foreach (var order in orders)
            Add("sales.order-signed", order, OrderEvents.SignedWithoutLines(order, branch, customer, 1_000m));
        // Payments, owner changes and a cancellation of both orders, interleaved: three kinds of event per record.
        for (var i = 0; i < 20; i++)
            foreach (var order in orders)
            {
                if (i % 5 == 4)
                    Add("sales.order-owner-assigned", order, new { orderId = order, branch, ownerId = Guid.CreateVersion7(), previousOwnerId = (Guid?)null, assignedAt = DateTimeOffset.UtcNow });
                else
                    Add("sales.payment-received", order, new
                    {
                        orderId = order, branch, paymentId = Guid.CreateVersion7(), amount = new { amount = 10m, currency = "CNY" },
                        receivedAt = DateTimeOffset.UtcNow, reference = (string?)null,
                    });
            }
        foreach (var order in orders)
            Add("sales.order-cancelled", order, new { orderId = order, branch, reason = "test", cancelledAt = DateTimeOffset.UtcNow });

        await EventSubscriber.PublishManyAsync(service.RabbitMq, events);

        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        foreach (var order in orders)
        {
            var published = events.Where(e => e.Item3["ce-subject"] == order.ToString()).Select(e => long.Parse(e.Item3["crm-position"], CultureInfo.InvariantCulture)).ToList();
            var recorded = await Eventually.Get(async () =>
            {
                await using var session = store.QuerySession();
                return (await session.AdvancedSql.QueryAsync<long>(
                    $"select CAST(headers ->> 'crm-position' as bigint) from {store.Options.DatabaseSchemaName}.mt_events where stream_id = ? order by version",
                    CancellationToken.None, order)).ToList();
            }, r => r.Count == published.Count, what: "every event of the order recorded");
            Assert.Equal(published, recorded);
        }
    }

    [Fact]
    public async Task An_event_no_queue_is_bound_to_is_kept_in_crm_unrouted_rather_than_dropped()
    {
        var eventId = Guid.CreateVersion7();
        await EventSubscriber.PublishAsync(service.RabbitMq, "customers.nobody-listens",
            new { customerId = Guid.CreateVersion7() }, new Dictionary<string, string> { ["ce-id"] = eventId.ToString() });

        var management = new RabbitManagement((await TestInfrastructure.GetAsync()).RabbitMqManagementUri);
        var kept = await Eventually.Get(() => management.PeekAsync(RabbitManagement.VirtualHostOf(service.RabbitMq), "crm.unrouted", count: 100),
            messages => messages.Any(m => m.GetProperty("properties").GetProperty("headers").GetProperty("ce-id").GetString() == eventId.ToString()),
            what: "the unrouted event in crm.unrouted");
        Assert.Contains(kept, m => m.GetProperty("routing_key").GetString() == "customers.nobody-listens");
    }
}
