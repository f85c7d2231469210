using System.Text.Json;
using Crm.EndToEnd.Tests;

namespace Crm.Simulator.Tests;

/// <summary>
/// The large size's way of seeding (CSV import, orders through the order import in batches with a
/// checkpoint), at a few dozen customers: a run cut short and run again ends with every planned order signed once.
/// </summary>
[Collection(LargeSeedCollection.Name)]
public class LargeSeedTests(SystemWithStaff fixture)
{
    private static readonly SeedSize Tiny = SeedSize.Large with
    {
        Name = "large-test", CustomersPerBranch = 30, Orders = 60, LeadsPerBranch = 5, OpportunitiesPerBranch = 6, TicketsPerBranch = 4, Parallelism = 4, OrdersPerBatch = 10,
    };

    [Fact]
    public async Task Customers_come_by_csv_import_and_a_cut_run_resumes_signing_each_planned_order_once()
    {
        var system = fixture.System;
        var directory = Path.Combine(Path.GetTempPath(), $"crm-sim-large-{Guid.NewGuid():N}");
        var clientFile = Path.Combine(directory, "simulator-client");
        try
        {
            using var http = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromSeconds(120) };
            var api = new Api(http);
            var cut = new Seeder(api, Tiny, 11, CrmSystem.AdminPassword, CrmSystem.DemoPassword, clientFile) { StopAfterBatches = 2 };
            await Assert.ThrowsAsync<OperationCanceledException>(cut.RunAsync);
            var checkpoint = Path.Combine(directory, "simulator-order-batches-large-test-11");
            Assert.True(File.Exists(checkpoint));

            using var exec = system.Client(await system.SignInAsync());
            var afterCut = await SystemWithStaff.AllAsync(exec, "api/orders");
            Assert.InRange(afterCut.Count, 1, Tiny.Orders - 1);

            await new Seeder(api, Tiny, 11, CrmSystem.AdminPassword, CrmSystem.DemoPassword, clientFile).RunAsync();

            var customers = await SystemWithStaff.AllAsync(exec, "api/customers");
            foreach (var branch in SystemWithStaff.Branches)
            {
                var mine = customers.Where(c => c.GetProperty("branch").GetString() == branch && !c.GetProperty("name").GetString()!.StartsWith("Demo data marker", StringComparison.Ordinal)).ToList();
                Assert.Equal(Tiny.CustomersPerBranch, mine.Count);
                Assert.Equal(21, mine.Select(c => (c.GetProperty("category").GetString(), c.GetProperty("grade").GetString())).Distinct().Count());
            }
            var orders = await SystemWithStaff.AllAsync(exec, "api/orders");
            Assert.Equal(Tiny.Orders, orders.Count);
            Assert.All(afterCut, o => Assert.Contains(orders, n => n.GetProperty("id").GetString() == o.GetProperty("id").GetString()));
            var lines = orders.Sum(o => o.GetProperty("lines").GetArrayLength());
            Assert.InRange(lines, Tiny.Orders, Tiny.Orders * Tiny.MaxLinesPerOrder);
            Assert.True(orders.Max(o => o.GetProperty("signedAt").GetDateTimeOffset()) - orders.Min(o => o.GetProperty("signedAt").GetDateTimeOffset()) > TimeSpan.FromDays(365));

            // Once more: the marker is there, nothing is added.
            await new Seeder(api, Tiny, 11, CrmSystem.AdminPassword, CrmSystem.DemoPassword, clientFile).RunAsync();
            Assert.Equal(customers.Count, (await SystemWithStaff.AllAsync(exec, "api/customers")).Count);
            Assert.Equal(Tiny.Orders, (await SystemWithStaff.AllAsync(exec, "api/orders")).Count);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LargeSeedCollection : ICollectionFixture<SystemWithStaff>
{
    public const string Name = "The whole CRM with the demo staff, for the large seed";
}
