using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Customers;
using Xunit.Abstractions;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// The order import at scale, straight to the sales service (no gateway): generated orders shaped like
/// the large demo seed's (1-9 lines, up to two payments, three years) for a thousand customers, sent in
/// batches by a few clients at once, then the same batches again. Sizes from
/// <c>CRM_ORDER_IMPORT_SCALE_ORDERS</c> (default 2000), <c>CRM_ORDER_IMPORT_SCALE_BATCH</c> (500) and
/// <c>CRM_ORDER_IMPORT_SCALE_PARALLEL</c> (2); the suite runs it small. The rates go to the test output
/// (<c>--logger "console;verbosity=detailed"</c>); nothing is asserted about them.
/// </summary>
public class OrderImportScaleTests(SalesService service, ITestOutputHelper output) : IClassFixture<SalesService>
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Generated_order_history_is_imported_once_in_batches_and_sending_it_again_adds_nothing()
    {
        var (orders, batchSize, parallel) = (Setting("CRM_ORDER_IMPORT_SCALE_ORDERS", 2000), Setting("CRM_ORDER_IMPORT_SCALE_BATCH", 500), Setting("CRM_ORDER_IMPORT_SCALE_PARALLEL", 2));
        var random = new Random(5);
        var reps = new List<Guid>();
        for (var r = 0; r < 10; r++) reps.Add(await service.AStaffMemberAsync(branch: r % 2 == 0 ? "north" : "east"));
        var customers = Enumerable.Range(0, 1000).Select(i => new CustomerReplica(Guid.CreateVersion7(), i % 2 == 0 ? "north" : "east", $"Scale Trading {i}", reps[i % reps.Count])).ToList();
        await using (var session = service.Store.LightweightSession())
        {
            session.Store(customers.ToArray());
            await session.SaveChangesAsync();
        }
        var products = new List<(Guid Id, decimal Price)>();
        for (var p = 0; p < 30; p++)
            products.Add(((await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id, 20m + p * 37m));

        var now = DateTimeOffset.UtcNow;
        long lines = 0, events = 0;
        var generated = new List<object>(orders);
        for (var n = 0; n < orders; n++)
        {
            var customer = customers[random.Next(customers.Count)];
            var signedAt = now.AddDays(-3 * 365 * random.NextDouble()).AddHours(-3);
            var picked = Enumerable.Range(0, 1 + random.Next(9)).Select(_ => products[random.Next(products.Count)]).Distinct()
                .Select(p => new { productId = p.Id, quantity = (decimal)(1 + random.Next(12)), unitPrice = p.Price }).ToList();
            var amount = picked.Sum(l => l.quantity * l.unitPrice);
            var paid = random.Next(3);
            var payments = Enumerable.Range(0, paid).Select(k => new { amount = k == 0 && paid == 2 ? decimal.Round(amount / 3, 2) : paid == 1 ? amount : amount - decimal.Round(amount / 3, 2),
                receivedAt = signedAt.AddHours(1 + k), reference = "scale" }).ToArray();
            generated.Add(new { id = Guid.CreateVersion7(), customerId = customer.Id, branch = customer.Branch, ownerId = customer.OwnerId, signedAt, lines = picked, payments });
            lines += picked.Count;
            events += 1 + paid;
        }
        var batches = generated.Chunk(batchSize).ToList();
        var before = await service.StoredEventCountAsync();

        var (first, firstTime) = await SendAllAsync(batches, parallel);
        var stored = await service.StoredEventCountAsync() - before;
        var (again, againTime) = await SendAllAsync(batches, parallel);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{orders} orders, {lines} lines, {events} events in {batches.Count} batches of {batchSize}, {parallel} at once: {firstTime.TotalSeconds:0.0} s, "
            + $"{orders / firstTime.TotalSeconds:0} orders/s, {lines / firstTime.TotalSeconds:0} lines/s; sent again: {againTime.TotalSeconds:0.0} s, {orders / againTime.TotalSeconds:0} orders/s"));
        Assert.Equal((orders, 0), first);
        Assert.Equal((0, orders), again);
        Assert.Equal(events, stored);
        Assert.Equal(before + events, await service.StoredEventCountAsync());
    }

    private async Task<((int Imported, int Already) Counts, TimeSpan Took)> SendAllAsync(List<object[]> batches, int parallel)
    {
        var importer = service.ClientAsIntegration("crm.import");
        int imported = 0, already = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (batch, ct) =>
        {
            var response = await importer.PostAsJsonAsync("/api/orders/import", new { orders = batch }, ct);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK && report.GetProperty("errors").GetArrayLength() == 0, report.ToString());
            Interlocked.Add(ref imported, report.GetProperty("imported").GetInt32());
            Interlocked.Add(ref already, report.GetProperty("alreadyImported").GetInt32());
        });
        return ((imported, already), clock.Elapsed);
    }
}
