using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>
/// The attribution of each sale (customer after merges, category at signing) is resolved when events are
/// recorded: these check that every change to a customer re-resolves the orders it touches, and that
/// orders and customer changes recorded at the same moment on different queues leave nothing stale.
/// </summary>
public class AttributionRecordingTests(ReportingService service) : IClassFixture<ReportingService>
{
    private IDocumentStore Store => service.Factory.Services.GetRequiredService<IDocumentStore>();

    private Task<int> WaitRecorded(Guid eventId, string what) => service.WaitRecorded(eventId, what);

    private sealed record Attribution(Guid OrderId, Guid? CustomerId, string Category);

    /// <summary>Each order's recorded attribution, and what resolving it from the recorded customers now gives.</summary>
    private async Task<(List<Attribution> Recorded, List<Attribution> Resolved)> AttributionsAsync(IReadOnlyCollection<Guid> orders)
    {
        var store = Store;
        await using var session = store.QuerySession();
        var ids = orders.ToArray();
        var recorded = await session.AdvancedSql.QueryAsync<Attribution>(
            $"select jsonb_build_object('orderId', o.order_id, 'customerId', o.customer_id, 'category', o.category) from {AttributionTables.Qualified(store, AttributionTables.Table)} o where o.order_id = any(?) order by o.order_id",
            CancellationToken.None, ids);
        var resolved = await session.AdvancedSql.QueryAsync<Attribution>(
            $"select jsonb_build_object('orderId', o.id, 'customerId', {OrderSales.ResolvedCustomer}, 'category', {OrderSales.ResolvedCategory}) from {await OrderSales.ResolvedFromAsync(store, CancellationToken.None)} where o.id = any(?) order by o.id",
            CancellationToken.None, ids);
        return ([.. recorded], [.. resolved]);
    }

    private static string Mix(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("category").GetString()}:{i.GetProperty("sales").GetDecimal().ToString("0.##", CultureInfo.InvariantCulture)}"));

    [Fact]
    public async Task A_category_change_recorded_after_the_orders_re_resolves_those_signed_after_it()
    {
        var branch = SourceEvents.ABranch();
        var (before, after) = ($"before-{Guid.NewGuid():N}", $"after-{Guid.NewGuid():N}");
        var rep = Guid.CreateVersion7();
        var customer = Guid.CreateVersion7();
        var at = Positions(2);
        await WaitRecorded(await service.Registered(at[0], customer, branch, "Hotel", before, Utc("2026-01-01T00:00"), rep), "the customer");
        var (early, late) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await WaitRecorded(await service.Signed(early, branch, customer, rep, 100, Utc("2026-02-01T02:00")), "the early order");
        await WaitRecorded(await service.Signed(late, branch, customer, rep, 300, Utc("2026-05-01T02:00")), "the late order");
        var exec = service.ClientAs("group-executive");
        Assert.Equal($"{before}:400", Mix(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}")));

        // Recategorised as of 1 April, recorded after both orders: the May order moves, the February one stays.
        await WaitRecorded(await service.ProfileUpdated(at[1], customer, branch, "Hotel", after, Utc("2026-04-01T00:00")), "the category change");
        var mix = await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}");
        Assert.Equal($"{after}:300 {before}:100", Mix(mix));
        var (recorded, resolved) = await AttributionsAsync([early, late]);
        Assert.Equal(resolved, recorded);
    }

    [Fact]
    public async Task A_merge_and_an_unmerge_recorded_after_the_orders_re_resolve_the_orders_of_every_customer_merged_into_the_duplicate()
    {
        var branch = SourceEvents.ABranch();
        var (top, mid, low) = ($"top-{Guid.NewGuid():N}", $"mid-{Guid.NewGuid():N}", $"low-{Guid.NewGuid():N}");
        var rep = Guid.CreateVersion7();
        var (survivor, duplicate, older) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var at = Positions(6);
        await WaitRecorded(await service.Registered(at[0], survivor, branch, "India", top, Utc("2026-01-01T00:00"), rep), "the survivor");
        await WaitRecorded(await service.Registered(at[1], duplicate, branch, "India (dup)", mid, Utc("2026-01-01T00:00"), rep), "the duplicate");
        await WaitRecorded(await service.Registered(at[2], older, branch, "India (older dup)", low, Utc("2026-01-01T00:00"), rep), "the older duplicate");
        // The older duplicate was merged into the duplicate before any order.
        await WaitRecorded(await service.Merged(at[3], duplicate, older, branch, Utc("2026-01-15T00:00")), "the first merge");
        var orders = new List<Guid>();
        foreach (var (customer, amount) in new[] { (survivor, 500m), (duplicate, 200m), (older, 50m) })
        {
            var order = Guid.CreateVersion7();
            orders.Add(order);
            await WaitRecorded(await service.Signed(order, branch, customer, rep, amount, Utc("2026-03-01T02:00")), "an order");
        }
        var exec = service.ClientAs("group-executive");
        Assert.Equal($"{top}:500 {mid}:250", Mix(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}")));

        // Merging the duplicate moves its orders and those of the customer merged into it.
        await WaitRecorded(await service.Merged(at[4], survivor, duplicate, branch, Utc("2026-06-01T00:00")), "the second merge");
        Assert.Equal($"{top}:750", Mix(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}")));
        var (recorded, resolved) = await AttributionsAsync(orders);
        Assert.Equal(resolved, recorded);
        Assert.All(recorded, r => Assert.Equal(survivor, r.CustomerId));

        // Undoing it gives both back to the duplicate.
        await WaitRecorded(await service.Unmerged(at[5], survivor, duplicate, branch, Utc("2026-07-01T00:00")), "the unmerge");
        Assert.Equal($"{top}:500 {mid}:250", Mix(await exec.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix?branch={branch}")));
        (recorded, resolved) = await AttributionsAsync(orders);
        Assert.Equal(resolved, recorded);
        Assert.Equal([survivor, duplicate, duplicate], orders.Select(o => recorded.Single(r => r.OrderId == o).CustomerId));
    }

    [Fact]
    public async Task Orders_and_customer_changes_recorded_at_the_same_time_leave_no_sale_resolved_from_a_stale_customer()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var (survivor, customer) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var categories = Enumerable.Range(0, 6).Select(i => $"c{i}-{Guid.NewGuid():N}").ToArray();
        var at = Positions(12);
        await WaitRecorded(await service.Registered(at[0], survivor, branch, "Juliet", categories[0], Utc("2026-01-01T00:00"), rep), "the survivor");

        // The customer's registration, recategorisations, merge and unmerge, the survivor's own
        // recategorisations and forty orders of the customer all sent at once: each kind is consumed
        // from a queue of its own, so orders are recorded while the customers' changes commit.
        var orders = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToList();
        var sends = new List<Task<Guid>>
        {
            service.Registered(at[1], customer, branch, "Kilo", categories[1], Utc("2026-01-01T00:00"), rep),
            service.ProfileUpdated(at[2], customer, branch, "Kilo", categories[2], Utc("2026-03-01T00:00")),
            service.ProfileUpdated(at[3], survivor, branch, "Juliet", categories[3], Utc("2026-02-01T00:00")),
            service.Merged(at[4], survivor, customer, branch, Utc("2026-05-01T00:00")),
            service.ProfileUpdated(at[5], customer, branch, "Kilo", categories[4], Utc("2026-04-01T00:00")),
            service.ProfileUpdated(at[6], survivor, branch, "Juliet", categories[5], Utc("2026-04-15T00:00")),
        };
        sends.AddRange(orders.Select((order, i) =>
            service.Signed(order, branch, customer, rep, 10 + i, Utc("2026-01-01T02:00").AddDays(i * 3))));
        var events = await Task.WhenAll(sends);
        foreach (var e in events) await WaitRecorded(e, "every event of the burst");

        var (recorded, resolved) = await AttributionsAsync(orders);
        Assert.Equal(orders.Count, recorded.Count);
        Assert.Equal(resolved, recorded);
        Assert.All(recorded, r => Assert.Equal(survivor, r.CustomerId));

        // And again with the merge undone while more orders arrive.
        var more = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();
        var second = new List<Task<Guid>> { service.Unmerged(at[7], survivor, customer, branch, Utc("2026-06-01T00:00")) };
        second.AddRange(more.Select((order, i) => service.Signed(order, branch, customer, rep, 5, Utc("2026-02-01T02:00").AddDays(i * 5))));
        foreach (var e in await Task.WhenAll(second)) await WaitRecorded(e, "every event of the second burst");
        (recorded, resolved) = await AttributionsAsync([.. orders, .. more]);
        Assert.Equal(resolved, recorded);
        Assert.All(recorded, r => Assert.Equal(customer, r.CustomerId));
    }
}
