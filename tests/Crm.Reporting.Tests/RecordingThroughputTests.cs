using System.Diagnostics;
using System.Globalization;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Reporting.Tests;

/// <summary>
/// A burst of customer, order and payment events published at once, as a bulk import or a busy day would
/// send them: every one is recorded once, the sales rows, daily sums and owed changes agree with the events,
/// and the rate reporting recorded them at goes to the test output (nothing is asserted about it). The size
/// comes from <c>CRM_REPORTING_RECORD_EVENTS</c> (e.g. 5000); the test suite runs it small.
/// </summary>
public class RecordingThroughputTests(ReportingService service, ITestOutputHelper output) : IClassFixture<ReportingService>
{
    [Fact]
    public async Task A_burst_of_events_is_recorded_once_each_and_every_sum_agrees_with_them()
    {
        var size = int.TryParse(Environment.GetEnvironmentVariable("CRM_REPORTING_RECORD_EVENTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 300;
        var (customers, orders) = (Math.Max(1, size / 5), Math.Max(1, size * 3 / 5));
        var payments = size - customers - orders;
        var random = new Random(11);
        var branch = SourceEvents.ABranch();
        var category = $"burst-{Guid.NewGuid():N}";
        var rep = Guid.CreateVersion7();
        var positions = HistoryEvents.Positions(size);
        var customerIds = Enumerable.Range(0, customers).Select(_ => Guid.CreateVersion7()).ToArray();
        var orderIds = Enumerable.Range(0, orders).Select(_ => Guid.CreateVersion7()).ToArray();
        var totals = new decimal[orders];
        var paid = new decimal[orders];
        var events = new List<(string, object, IDictionary<string, string>)>(size);
        void Add(string key, Guid subject, object body) =>
            events.Add((key, body, ReportingService.Headers(key, Guid.CreateVersion7(), subject, branch, positions[events.Count])));

        foreach (var id in customerIds)
            Add("customers.customer-registered", id, new { customerId = id, branch, name = $"Burst {id:N}", category, ownerId = rep, registeredAt = DateTimeOffset.UtcNow.AddYears(-2) });
        for (var i = 0; i < orders; i++)
        {
            totals[i] = random.Next(10, 1000);
            var signedAt = DateTimeOffset.UtcNow.AddDays(-random.Next(1, 600));
            Add("sales.order-signed", orderIds[i], new
            {
                orderId = orderIds[i], branch, customerId = customerIds[random.Next(customers)], opportunityId = (Guid?)null, ownerId = rep,
                lines = new[]
                {
                    new
                    {
                        productId = Guid.CreateVersion7(), productCode = "P-BURST", productName = "Burst", productCategory = "parts", quantity = 1m,
                        unitPrice = new { amount = totals[i], currency = "CNY" }, lineTotal = new { amount = totals[i], currency = "CNY" },
                    },
                },
                total = new { amount = totals[i], currency = "CNY" }, signedAt, paymentDueAt = signedAt.AddDays(30),
            });
        }
        for (var i = 0; i < payments; i++)
        {
            var o = random.Next(orders);
            paid[o] += 1;
            Add("sales.payment-received", orderIds[o], new
            {
                orderId = orderIds[o], branch, paymentId = Guid.CreateVersion7(), amount = new { amount = 1m, currency = "CNY" },
                receivedAt = DateTimeOffset.UtcNow.AddDays(-1), reference = (string?)null,
            });
        }

        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        var schema = store.Options.DatabaseSchemaName;
        await using var session = store.QuerySession();
        async Task<decimal> Scalar(string sql) => (await session.AdvancedSql.QueryAsync<decimal>(sql, CancellationToken.None, branch)).Single();

        var clock = Stopwatch.StartNew();
        await EventSubscriber.PublishManyAsync(service.RabbitMq, events);
        var published = clock.Elapsed;
        // Every order with all its payments: the orders' rows hold what was signed and collected.
        var expected = $"{orders}:{totals.Sum()}:{paid.Sum()}";
        await Eventually.Get(async () =>
            {
                var rows = await Scalar($"select count(*) from {schema}.{AttributionTables.Table} where branch = ?");
                var signed = await Scalar($"select coalesce(sum(total), 0) from {schema}.{AttributionTables.Table} where branch = ?");
                var collected = await Scalar($"select coalesce(sum(collected), 0) from {schema}.{AttributionTables.Table} where branch = ?");
                return $"{rows}:{signed}:{collected}";
            }, s => s == expected, within: TimeSpan.FromMinutes(Math.Max(1, size / 200.0)), what: "every order and payment of the burst");
        var recorded = clock.Elapsed;
        output.WriteLine($"{size} events ({customers} customers, {orders} orders, {payments} payments) published in {published.TotalSeconds:0.0} s, " +
            $"all recorded after {recorded.TotalSeconds:0.0} s: {size / recorded.TotalSeconds:0} events/s");

        // Recorded once each: every published event is in reporting's store, none twice.
        var subjects = customerIds.Concat(orderIds).ToArray();
        var stored = (await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {schema}.mt_events e where e.type <> 'tombstone' and e.stream_id = any(?)", CancellationToken.None, [subjects])).Single();
        Assert.Equal(size, stored);
        // The daily sums and the owed changes agree with the rows.
        Assert.Equal(totals.Sum(), await Scalar($"select coalesce(sum(total), 0) from {AttributionSums.Summed(store, AttributionTables.DailyTable)} d where branch = ?"));
        Assert.Equal(totals.Sum(), await Scalar($"select coalesce(sum(sales), 0) from {AttributionSums.Summed(store, AttributionTables.ProductMonthTable)} d where branch = ?"));
        // Nothing cancelled: owed now is what each order not paid in full still lacks.
        var owed = totals.Select((t, i) => paid[i] >= t ? 0 : t - paid[i]).Sum();
        Assert.Equal(owed, await Scalar($"select coalesce(sum(outstanding), 0) from {AttributionSums.Summed(store, AttributionTables.OwedTable)} d where branch = ? and local_day < 'infinity'"));
    }
}
