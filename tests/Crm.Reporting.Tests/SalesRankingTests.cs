using System.Globalization;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Reports;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>
/// The kept rankings of customers by sales (<see cref="SalesRankings"/>, behind the ABC report), over reporting's
/// own PostgreSQL and events through the broker: brought up to date from the customers whose orders changed, a kept
/// ranking is after every change the one worked out afresh.
/// </summary>
public class SalesRankingTests(ReportingService service) : IClassFixture<ReportingService>
{
    private IDocumentStore Store => service.Factory.Services.GetRequiredService<IDocumentStore>();

    private Task<int> WaitRecorded(Guid eventId, string what) => service.WaitRecorded(eventId, what);

    /// <summary>A clock the test moves.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A ranking as "name:sum/sum/... ...", in rank order.</summary>
    private static string Of(Ranking ranking, IReadOnlyDictionary<Guid, string> names) =>
        string.Join(" ", Enumerable.Range(0, ranking.Count).Select(p =>
            $"{names[ranking[p].Key]}:{string.Join("/", ranking[p].Values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}"));

    /// <summary>The kept ranking brought up to date, checked against one worked out afresh by a new instance on the same clock.</summary>
    private async Task<string> KeptAndFresh(SalesRankings kept, string branch, IReadOnlyDictionary<Guid, string> names,
        RankingKind? kind = null, TimeProvider? clock = null)
    {
        kind ??= SalesRankings.Sales;
        var where = OrderSales.Where(new ReportScope(branch, null), null, null, ownerColumn: "o.owner_id");
        var now = Of(await kept.GetAsync(kind, branch, where, CancellationToken.None), names);
        var fresh = Of(await new SalesRankings(Store, clock ?? TimeProvider.System).GetAsync(kind, branch, where, CancellationToken.None), names);
        Assert.Equal(fresh, now);
        return now;
    }

    private async Task<(string Branch, Guid Rep, Guid[] Customers, Dictionary<Guid, string> Names)> CustomersAsync(params string[] names)
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var customers = names.Select(_ => Guid.CreateVersion7()).ToArray();
        var at = Positions(names.Length);
        for (var i = 0; i < names.Length; i++)
            await WaitRecorded(await service.Registered(at[i], customers[i], branch, names[i], "retail", Utc("2026-01-01T00:00"), rep), names[i]);
        return (branch, rep, customers, customers.Select((c, i) => (c, names[i])).ToDictionary(x => x.c, x => x.Item2));
    }

    /// <summary>An order signed on 1 March (or at <paramref name="signedAt"/>), due 30 days later.</summary>
    private async Task<Guid> SignedAsync(string branch, Guid customer, Guid rep, decimal total, string what, string signedAt = "2026-03-01T02:00")
    {
        var order = Guid.CreateVersion7();
        await WaitRecorded(await service.Signed(order, branch, customer, rep, total, Utc(signedAt)), what);
        return order;
    }

    [Fact]
    public async Task A_kept_ranking_follows_orders_cancellations_merges_and_unmerges_as_one_worked_out_afresh()
    {
        var (branch, rep, c, names) = await CustomersAsync("Alpha", "Bravo", "Charlie", "Delta");
        var (alpha, bravo, charlie, delta) = (c[0], c[1], c[2], c[3]);
        await SignedAsync(branch, alpha, rep, 100, "Alpha's order");
        await SignedAsync(branch, bravo, rep, 200, "Bravo's order");
        await SignedAsync(branch, charlie, rep, 300, "Charlie's order");
        var kept = new SalesRankings(Store, TimeProvider.System);
        Assert.Equal("Charlie:300 Bravo:200 Alpha:100", await KeptAndFresh(kept, branch, names));

        // A second order lifts Alpha to the top; Delta's first order brings it into the ranking.
        await SignedAsync(branch, alpha, rep, 450, "Alpha's second order");
        var deltas = await SignedAsync(branch, delta, rep, 50, "Delta's order");
        Assert.Equal("Alpha:550 Charlie:300 Bravo:200 Delta:50", await KeptAndFresh(kept, branch, names));

        // A cancelled order stops counting: Delta has no counted order left and leaves the ranking.
        await WaitRecorded(await service.Send("sales.order-cancelled", deltas, branch, Positions(1)[0],
            new { orderId = deltas, branch, reason = "customer withdrew", cancelledAt = Utc("2026-03-02T00:00") }), "the cancellation");
        Assert.Equal("Alpha:550 Charlie:300 Bravo:200", await KeptAndFresh(kept, branch, names));

        // Bravo merged into Charlie: its sales count under Charlie, until the unmerge gives them back.
        var at = Positions(2);
        await WaitRecorded(await service.Merged(at[0], charlie, bravo, branch, Utc("2026-04-01T00:00")), "the merge");
        Assert.Equal("Alpha:550 Charlie:500", await KeptAndFresh(kept, branch, names));
        await WaitRecorded(await service.Unmerged(at[1], charlie, bravo, branch, Utc("2026-04-02T00:00")), "the unmerge");
        Assert.Equal("Alpha:550 Charlie:300 Bravo:200", await KeptAndFresh(kept, branch, names));
    }

    [Fact]
    public async Task A_change_still_open_when_the_ranking_was_brought_up_to_date_is_applied_once_it_commits()
    {
        var (branch, rep, c, names) = await CustomersAsync("Echo", "Foxtrot");
        var echos = await SignedAsync(branch, c[0], rep, 100, "Echo's order");
        await SignedAsync(branch, c[1], rep, 200, "Foxtrot's order");
        var kept = new SalesRankings(Store, TimeProvider.System);
        Assert.Equal("Foxtrot:200 Echo:100", await KeptAndFresh(kept, branch, names));

        await using var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var open = await connection.BeginTransactionAsync();
        await using (var update = new Npgsql.NpgsqlCommand($"update {AttributionTables.Qualified(Store, AttributionTables.Table)} set total = 900 where order_id = $1", connection, open))
        {
            update.Parameters.Add(new Npgsql.NpgsqlParameter { Value = echos });
            await update.ExecuteNonQueryAsync();
        }

        Assert.Equal("Foxtrot:200 Echo:100", await KeptAndFresh(kept, branch, names));
        await open.CommitAsync();
        Assert.Equal("Echo:900 Foxtrot:200", await KeptAndFresh(kept, branch, names));
    }

    [Fact]
    public async Task A_change_to_everything_works_the_ranking_out_again_in_full()
    {
        var (branch, rep, c, names) = await CustomersAsync("Golf", "Hotel");
        var golfs = await SignedAsync(branch, c[0], rep, 100, "Golf's order");
        await SignedAsync(branch, c[1], rep, 200, "Hotel's order");
        var kept = new SalesRankings(Store, TimeProvider.System);
        Assert.Equal("Hotel:200 Golf:100", await KeptAndFresh(kept, branch, names));

        // As a rebuild's truncate does: the rows change without naming their customers, everything is marked changed.
        await using var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var change = new Npgsql.NpgsqlCommand($"""
            set local session_replication_role = replica;
            update {AttributionTables.Qualified(Store, AttributionTables.Table)} set total = 700 where order_id = '{golfs}';
            insert into {Store.Options.DatabaseSchemaName}.{SalesRankings.ChangesTable} (xid, everything) values (pg_current_xact_id(), true);
            """, connection, tx))
            await change.ExecuteNonQueryAsync();
        await tx.CommitAsync();

        Assert.Equal("Golf:700 Hotel:200", await KeptAndFresh(kept, branch, names));
    }

    [Fact]
    public async Task A_kept_collections_ranking_follows_payments_and_orders_falling_due_as_one_worked_out_afresh()
    {
        var (branch, rep, c, names) = await CustomersAsync("Kilo", "Lima");
        var (kilo, lima) = (c[0], c[1]);
        var kilos = await SignedAsync(branch, kilo, rep, 300, "Kilo's order, due 31 March", "2026-03-01T02:00");
        await SignedAsync(branch, lima, rep, 200, "Lima's order, due 9 April", "2026-03-10T02:00");
        var clock = new Clock(Utc("2026-03-15T00:00"));
        var kept = new SalesRankings(Store, clock);
        var collections = SalesRankings.Collections;
        // orders:signed/collected/outstanding/overdue, most outstanding first.
        Assert.Equal("Kilo:1/300/0/300/0 Lima:1/200/0/200/0", await KeptAndFresh(kept, branch, names, collections, clock));

        await WaitRecorded(await service.Send("sales.payment-received", kilos, branch, Positions(1)[0], new
        {
            orderId = kilos, branch, paymentId = Guid.CreateVersion7(), amount = new { amount = 250m, currency = "CNY" }, receivedAt = Utc("2026-03-16T00:00"), reference = (string?)null,
        }), "Kilo's payment");
        Assert.Equal("Lima:1/200/0/200/0 Kilo:1/300/250/50/0", await KeptAndFresh(kept, branch, names, collections, clock));

        // Nothing recorded, only time passing: what is still owed on Kilo's order is overdue from 31 March, Lima's from 9 April.
        clock.Now = Utc("2026-04-01T00:00");
        Assert.Equal("Lima:1/200/0/200/0 Kilo:1/300/250/50/50", await KeptAndFresh(kept, branch, names, collections, clock));
        clock.Now = Utc("2026-04-10T00:00");
        Assert.Equal("Lima:1/200/0/200/200 Kilo:1/300/250/50/50", await KeptAndFresh(kept, branch, names, collections, clock));
    }

    [Fact]
    public async Task A_kept_collections_ranking_per_rep_follows_an_order_handed_to_another_rep()
    {
        var (branch, first, c, names) = await CustomersAsync("Mike", "November");
        var second = Guid.CreateVersion7();
        (names[first], names[second]) = ("first rep", "second rep");
        var mikes = await SignedAsync(branch, c[0], first, 300, "Mike's order, with the first rep");
        await SignedAsync(branch, c[1], second, 100, "November's order, with the second rep");
        var kept = new SalesRankings(Store, TimeProvider.System);
        var byRep = SalesRankings.CollectionsByRep;
        Assert.Equal("first rep:1/300/0/300/300 second rep:1/100/0/100/100", await KeptAndFresh(kept, branch, names, byRep));

        // The rep who collects is the order's owner now (both orders are long overdue): handed over, Mike's order moves to the second rep.
        await WaitRecorded(await service.Send("sales.order-owner-assigned", mikes, branch, Positions(1)[0],
            new { orderId = mikes, branch, ownerId = second, previousOwnerId = first, assignedAt = Utc("2026-03-05T00:00") }), "the hand-over");
        Assert.Equal("second rep:2/400/0/400/400", await KeptAndFresh(kept, branch, names, byRep));
    }

    [Fact]
    public async Task Changes_are_forgotten_only_when_their_transactions_ended_before_the_horizon_noted()
    {
        var (branch, rep, c, _) = await CustomersAsync("Oscar");
        var before = await ChangesPruning.HorizonAsync(Store, CancellationToken.None);
        await SignedAsync(branch, c[0], rep, 100, "Oscar's order");
        async Task<int> Noted()
        {
            await using var session = Store.QuerySession();
            return (await session.AdvancedSql.QueryAsync<int>(
                $"select CAST(count(*) as int) from {Store.Options.DatabaseSchemaName}.{SalesRankings.ChangesTable} where customer_id = ?", CancellationToken.None, c[0])).Single();
        }
        Assert.NotEqual(0, await Noted());

        // The horizon noted before the order was recorded keeps its change; one noted after it ended forgets it.
        var noted = await Noted();
        await SalesRankings.PruneAsync(Store, before, CancellationToken.None);
        Assert.Equal(noted, await Noted());
        await SalesRankings.PruneAsync(Store, await ChangesPruning.HorizonAsync(Store, CancellationToken.None), CancellationToken.None);
        Assert.Equal(0, await Noted());
    }

    [Fact]
    public async Task A_ranking_kept_current_in_the_background_is_brought_up_to_date_not_worked_out_again_until_it_goes_idle()
    {
        var (branch, rep, c, names) = await CustomersAsync("Papa", "Quebec");
        var papas = await SignedAsync(branch, c[0], rep, 100, "Papa's order");
        await SignedAsync(branch, c[1], rep, 200, "Quebec's order");
        var clock = new Clock(DateTimeOffset.UtcNow);
        var kept = new SalesRankings(Store, clock);
        var where = OrderSales.Where(new ReportScope(branch, null), null, null);
        async Task<string> Ranked() => Of(await kept.GetAsync(SalesRankings.Sales, branch, where, CancellationToken.None), names);
        Assert.Equal("Quebec:200 Papa:100", await Ranked());

        clock.Now += TimeSpan.FromMinutes(4);
        await SignedAsync(branch, c[0], rep, 300, "Papa's second order");
        await kept.KeepCurrentAsync(TimeSpan.FromMinutes(30), CancellationToken.None);
        // A change no trigger notes (as if made behind reporting's back): only a ranking worked out in full sees it.
        await using (var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var hidden = new Npgsql.NpgsqlCommand(
                $"set local session_replication_role = replica; update {AttributionTables.Qualified(Store, AttributionTables.Table)} set total = 50 where order_id = '{papas}'", connection, tx))
                await hidden.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        // Eight minutes after it was worked out, four after the background brought it up to date: still applied to.
        clock.Now += TimeSpan.FromMinutes(4);
        Assert.Equal("Papa:400 Quebec:200", await Ranked());
        // Not asked for in half an hour, the background forgets it; the next request works it out in full.
        clock.Now += TimeSpan.FromMinutes(31);
        await kept.KeepCurrentAsync(TimeSpan.FromMinutes(30), CancellationToken.None);
        Assert.Equal("Papa:350 Quebec:200", await Ranked());
    }
}
