using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>
/// Point-in-time attribution over hand-built histories whose right answers are known, fed through the
/// broker in awkward orders of arrival: a sale counts for the branch, rep and customer category that
/// held when it was signed, and for the survivor of a merge while the merge stands.
/// </summary>
public class PointInTimeTests(ReportingService service) : IClassFixture<ReportingService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static string Amount(JsonElement e) => e.GetDecimal().ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Mix(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("category").GetString()}:{i.GetProperty("customers").GetInt32()}:{Amount(i.GetProperty("sales"))}"));

    private static string Abc(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("name").GetString()}:{Amount(i.GetProperty("sales"))}"));

    private static string Collections(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("key").GetString()}:{i.GetProperty("orders").GetInt32()}:{Amount(i.GetProperty("signed"))}"));

    private static string Months(JsonElement r) => string.Join(" ", r.GetProperty("months").EnumerateArray()
        .Where(m => m.GetProperty("sales").GetDecimal() != 0)
        .Select(m => $"{m.GetProperty("label").GetString()}:{Amount(m.GetProperty("sales"))}"));

    private Task<JsonElement> Get(string url) => Exec.GetFromJsonAsync<JsonElement>(url);

    private Task<int> WaitRecorded(Guid eventId, string what) => service.WaitRecorded(eventId, what);

    [Fact]
    public async Task Sales_keep_the_branch_rep_and_category_of_their_signing_even_when_the_orders_arrive_before_the_customer()
    {
        var (north, east) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        var (first, second) = ($"first-{Guid.NewGuid():N}", $"second-{Guid.NewGuid():N}");
        var (rep1, rep2, rep3) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var customer = Guid.CreateVersion7();

        // The customer's story at its source: registered in north as `first` on 1 March, recategorised
        // as `second` on 1 June, transferred to east (to rep3) on 1 August.
        var at = Positions(3);
        // The sales, in sales' own order: one before the customer was registered (it counts in its
        // earliest known category), one in each category in north, one in east after the transfer.
        var (o0, o1, o2, o3) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var o0Event = Guid.CreateVersion7();
        await service.Signed(o0, north, customer, rep1, 50, Utc("2026-02-01T02:00"), o0Event);
        await service.Signed(o1, north, customer, rep1, 100, Utc("2026-04-01T02:00"));
        await service.Signed(o2, north, customer, rep1, 200, Utc("2026-07-01T02:00"));
        var last = await service.Signed(o3, east, customer, rep3, 400, Utc("2026-09-01T02:00"));
        // Order 1 passes to rep2 later (its rep left): it stays rep1's sale, and rep2 now collects it.
        var reassigned = await service.Send("sales.order-owner-assigned", o1, north, Positions(1)[0],
            new { orderId = o1, branch = north, ownerId = rep2, previousOwnerId = rep1, assignedAt = Utc("2026-10-01T02:00") });
        await WaitRecorded(last, "the last order recorded before anything about its customer");
        await WaitRecorded(reassigned, "the reassignment recorded before anything about the customer");

        // The customer's events then arrive newest first.
        await service.Transferred(at[2], customer, north, east, "Foxtrot", second, rep3, Utc("2026-08-01T02:00"));
        await service.ProfileUpdated(at[1], customer, north, "Foxtrot", second, Utc("2026-06-01T02:00"));
        await service.Registered(at[0], customer, north, "Foxtrot", first, Utc("2026-03-01T02:00"), rep1);

        var northMix = await Eventually.Get(() => Get($"/api/reports/customer-mix?branch={north}"),
            r => Mix(r) == $"{second}:0:200 {first}:0:150", what: "north's sales under the categories of their signing");
        // The three customer events are recorded from three queues at once: north's sales can be right before the
        // transfer is recorded, so east is waited for too.
        var eastMix = await Eventually.Get(() => Get($"/api/reports/customer-mix?branch={east}"),
            r => Mix(r) == $"{second}:1:400", what: "east counting the transferred customer and its sale");
        Assert.Equal($"{second}:1:400", Mix(eastMix));

        var reports = new Dictionary<string, string>
        {
            [$"/api/reports/abc?branch={north}&category={first}"] = "Foxtrot:150",
            [$"/api/reports/abc?branch={north}&category={second}"] = "Foxtrot:200",
            [$"/api/reports/abc?branch={east}"] = "Foxtrot:400",
            [$"/api/reports/abc?category={first}"] = "Foxtrot:150",
        };
        foreach (var (url, expected) in reports)
            Assert.Equal(expected, Abc(await Get(url)));

        // The rep who signed keeps the sales; the one who took the order over collects it.
        Assert.Equal("Foxtrot:350", Abc(await service.ClientAs("sales-rep", north, rep1).GetFromJsonAsync<JsonElement>("/api/reports/abc")));
        Assert.Empty((await service.ClientAs("sales-rep", north, rep2).GetFromJsonAsync<JsonElement>("/api/reports/abc")).GetProperty("items").EnumerateArray());
        Assert.Equal($"{rep1}:2:250 {rep2}:1:100", Collections(await Get($"/api/reports/collections?branch={north}&groupBy=rep")));
        Assert.Equal($"{customer}:1:100", Collections(await service.ClientAs("sales-rep", north, rep2).GetFromJsonAsync<JsonElement>("/api/reports/collections")));
        // The transfer to east after three sales leaves them with north.
        var byBranch = (await Get("/api/reports/collections?groupBy=branch")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("key").GetString()!, i => $"{i.GetProperty("orders").GetInt32()}:{Amount(i.GetProperty("signed"))}");
        Assert.Equal(("3:350", "1:400"), (byBranch[north], byBranch[east]));

        // A redelivered order-signed changes nothing.
        await service.Signed(o0, north, customer, rep1, 50, Utc("2026-02-01T02:00"), o0Event);
        var marker = await service.Signed(Guid.CreateVersion7(), north, customer, rep1, 1, Utc("2026-11-01T02:00"));
        await WaitRecorded(marker, "an order sent after the redelivery");
        Assert.Equal(1, await service.Factory.InboxCountAsync(o0Event));
        var afterRedelivery = await Eventually.Get(() => Get($"/api/reports/customer-mix?branch={north}"),
            r => Mix(r) == $"{second}:0:201 {first}:0:150", what: "the marker order counted, the redelivered one not twice");

        // A rebuild from the recorded events gives the same answers.
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null)).StatusCode);
        Assert.Equal(Mix(afterRedelivery), Mix(await Get($"/api/reports/customer-mix?branch={north}")));
        Assert.Equal(Mix(eastMix), Mix(await Get($"/api/reports/customer-mix?branch={east}")));
        Assert.Equal("Foxtrot:150", Abc(await Get($"/api/reports/abc?branch={north}&category={first}")));
        Assert.Equal($"{rep1}:3:251 {rep2}:1:100", Collections(await Get($"/api/reports/collections?branch={north}&groupBy=rep")));
    }

    [Fact]
    public async Task A_merged_customers_sales_count_under_the_survivor_until_the_merge_is_undone()
    {
        var branch = SourceEvents.ABranch();
        var (kept, dup) = ($"kept-{Guid.NewGuid():N}", $"dup-{Guid.NewGuid():N}");
        var rep = Guid.CreateVersion7();
        var (survivor, duplicate) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var at = Positions(4); // survivor registered, duplicate registered, merged, unmerged

        // The merge reaches reporting first, before the duplicate or any of its orders.
        var merge = await service.Merged(at[2], survivor, duplicate, branch, Utc("2026-08-01T00:00"));
        await WaitRecorded(merge, "the merge recorded first");
        await service.Signed(Guid.CreateVersion7(), branch, duplicate, rep, 100, Utc("2026-05-02T02:00"));
        await service.Signed(Guid.CreateVersion7(), branch, duplicate, rep, 50, Utc("2026-06-01T02:00"));
        await service.Signed(Guid.CreateVersion7(), branch, survivor, rep, 300, Utc("2026-05-01T02:00"));
        await service.Registered(at[1], duplicate, branch, "Golf Ltd (duplicate)", dup, Utc("2026-01-01T00:00"), rep);
        await service.Registered(at[0], survivor, branch, "Golf Ltd", kept, Utc("2026-01-01T00:00"), rep);

        // Everything under the survivor: its name, its category, its row in every customer-level report.
        var abc = await Eventually.Get(() => Get($"/api/reports/abc?branch={branch}"), r => Abc(r) == "Golf Ltd:450", what: "the duplicate's sales under the survivor");
        Assert.Equal(survivor, abc.GetProperty("items")[0].GetProperty("customerId").GetGuid());
        Assert.Equal($"{kept}:1:450", Mix(await Eventually.Get(() => Get($"/api/reports/customer-mix?branch={branch}"), r => Mix(r) == $"{kept}:1:450", what: "the survivor's category")));
        Assert.Equal($"{survivor}:3:450", Collections(await Get($"/api/reports/collections?branch={branch}&groupBy=customer")));
        Assert.Equal("2026-05:400 2026-06:50", Months(await Get($"/api/reports/customers/{survivor}/transactions?branch={branch}&year=2026")));
        Assert.Equal("", Months(await Get($"/api/reports/customers/{duplicate}/transactions?branch={branch}&year=2026")));

        // The unmerge gives the duplicate its sales back.
        await service.Unmerged(at[3], survivor, duplicate, branch, Utc("2026-09-01T00:00"));
        var unmerged = await Eventually.Get(() => Get($"/api/reports/abc?branch={branch}"), r => Abc(r) == "Golf Ltd:300 Golf Ltd (duplicate):150", what: "the sales given back");
        Assert.Equal($"{kept}:1:300 {dup}:1:150", Mix(await Get($"/api/reports/customer-mix?branch={branch}")));
        Assert.Equal($"{survivor}:1:300 {duplicate}:2:150", Collections(await Get($"/api/reports/collections?branch={branch}&groupBy=customer")));
        Assert.Equal("2026-05:300", Months(await Get($"/api/reports/customers/{survivor}/transactions?branch={branch}&year=2026")));
        Assert.Equal("2026-05:100 2026-06:50", Months(await Get($"/api/reports/customers/{duplicate}/transactions?branch={branch}&year=2026")));

        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null)).StatusCode);
        Assert.Equal(Abc(unmerged), Abc(await Get($"/api/reports/abc?branch={branch}")));
        Assert.Equal($"{kept}:1:300 {dup}:1:150", Mix(await Get($"/api/reports/customer-mix?branch={branch}")));
    }

    [Fact]
    public async Task A_chain_of_merges_counts_under_the_last_survivor()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var at = Positions(5);
        await service.Registered(at[0], a, branch, "Hotel A", "retail", Utc("2026-01-01T00:00"), rep);
        await service.Registered(at[1], b, branch, "Hotel B", "retail", Utc("2026-01-01T00:00"), rep);
        await service.Registered(at[2], c, branch, "Hotel C", "retail", Utc("2026-01-01T00:00"), rep);
        await service.Signed(Guid.CreateVersion7(), branch, a, rep, 10, Utc("2026-03-01T02:00"));
        await service.Signed(Guid.CreateVersion7(), branch, b, rep, 20, Utc("2026-03-01T02:00"));
        await service.Signed(Guid.CreateVersion7(), branch, c, rep, 40, Utc("2026-03-01T02:00"));
        await service.Merged(at[3], b, a, branch, Utc("2026-04-01T00:00"));
        await service.Merged(at[4], c, b, branch, Utc("2026-05-01T00:00"));

        await Eventually.Get(() => Get($"/api/reports/abc?branch={branch}"), r => Abc(r) == "Hotel C:70", what: "a and b under c");
    }
}
