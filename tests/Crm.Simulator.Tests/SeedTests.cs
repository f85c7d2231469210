using System.Text.Json;
using Crm.EndToEnd.Tests;

namespace Crm.Simulator.Tests;

/// <summary>The simulator's seed, run against the whole system, leaves the business it promises, once.</summary>
[Collection(SimulatorCollection.Name)]
public class SeedTests(SystemWithStaff fixture)
{
    /// <summary>Smaller than small, still enough for every category in every grade (7 x 3) and every state and stage.</summary>
    private static readonly SeedSize Test = new("test", 21, 48, 6, 5, 6, 6);

    private static readonly string[] Grades = ["vip", "key", "normal"];
    private static readonly string[] TicketCategories = ["complaint", "enquiry", "service", "repair"];

    [Fact]
    public async Task The_seed_creates_the_promised_business_in_every_branch_and_a_second_run_adds_nothing()
    {
        var system = fixture.System;
        var clientFile = Path.Combine(Path.GetTempPath(), $"crm-sim-client-{Guid.NewGuid():N}");
        try
        {
            using var http = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromSeconds(60) };
            var api = new Api(http);
            await new Seeder(api, Test, 7, CrmSystem.AdminPassword, CrmSystem.DemoPassword, clientFile).RunAsync();

            using var exec = system.Client(await system.SignInAsync());
            var counts = await CountsAsync(exec);
            var categories = (await exec.GetFromJsonElementAsync("api/settings/customer-categories")).GetProperty("categories")
                .EnumerateArray().Select(c => c.GetString()!).ToList();
            var stages = await StagesAsync(exec);

            var customers = await SystemWithStaff.AllAsync(exec, "api/customers");
            foreach (var branch in SystemWithStaff.Branches)
            {
                var mine = customers.Where(c => Text(c, "branch") == branch && !Text(c, "name")!.StartsWith("Demo data marker", StringComparison.Ordinal)).ToList();
                Assert.Equal(Test.CustomersPerBranch, mine.Count);
                foreach (var category in categories)
                    foreach (var grade in Grades)
                        Assert.Contains(mine, c => Text(c, "category") == category && Text(c, "grade") == grade);
            }
            Assert.Single(customers, c => Text(c, "name") == "Demo data marker (seed 7)");

            var orders = await SystemWithStaff.AllAsync(exec, "api/orders");
            Assert.Equal(Test.Orders, orders.Count);
            var signed = orders.Select(o => o.GetProperty("signedAt").GetDateTimeOffset()).ToList();
            var now = DateTimeOffset.UtcNow;
            Assert.True(signed.Min() < now.AddMonths(-30), $"the oldest order is from {signed.Min():u}, not three years back");
            Assert.True(signed.Max() > now.AddMonths(-2), $"the newest order is from {signed.Max():u}");
            Assert.All(signed, s => Assert.True(s > now.AddMonths(-37) && s < now));
            Assert.Contains(orders, o => Money(o, "outstandingAmount") > 0 && Money(o, "collectedAmount") == 0);
            Assert.Contains(orders, o => Money(o, "outstandingAmount") > 0 && Money(o, "collectedAmount") > 0);
            Assert.Contains(orders, o => Money(o, "outstandingAmount") == 0 && Money(o, "collectedAmount") > 0);

            var leads = await SystemWithStaff.AllAsync(exec, "api/leads");
            var opportunities = await SystemWithStaff.AllAsync(exec, "api/opportunities");
            var activities = await SystemWithStaff.AllAsync(exec, "api/activities");
            var tickets = await SystemWithStaff.AllAsync(exec, "api/tickets");
            foreach (var branch in SystemWithStaff.Branches)
            {
                var branchLeads = leads.Where(l => Text(l, "branch") == branch).ToList();
                Assert.Equal(Test.LeadsPerBranch, branchLeads.Count);
                foreach (var state in new[] { "open", "converted", "disqualified" }) Assert.Contains(branchLeads, l => Text(l, "status") == state);

                var branchOpportunities = opportunities.Where(o => Text(o, "branch") == branch).ToList();
                Assert.True(branchOpportunities.Count >= Test.OpportunitiesPerBranch);
                foreach (var stage in stages) Assert.Contains(branchOpportunities, o => Text(o, "status") == "open" && Text(o, "stage") == stage);
                foreach (var end in new[] { "won", "lost" }) Assert.Contains(branchOpportunities, o => Text(o, "status") == end);

                var branchActivities = activities.Where(a => Text(a, "branch") == branch).ToList();
                Assert.Contains(branchActivities, a => Text(a, "status") == "completed");
                Assert.Contains(branchActivities, a => IsOpen(a) && a.GetProperty("dueAt").GetDateTimeOffset() < now);
                Assert.Contains(branchActivities, a => IsOpen(a) && a.GetProperty("dueAt").GetDateTimeOffset() > now);

                var branchTickets = tickets.Where(t => Text(t, "branch") == branch).ToList();
                Assert.Equal(Test.TicketsPerBranch, branchTickets.Count);
                foreach (var category in TicketCategories) Assert.Contains(branchTickets, t => Text(t, "category") == category);
                Assert.Contains(branchTickets, t => t.TryGetProperty("satisfaction", out var s) && s.ValueKind == JsonValueKind.Object);
                Assert.Contains(branchTickets, t => Text(t, "status") == "open");
                Assert.Contains(branchTickets, t => Text(t, "status") == "closed");
                // History with business times in the past, some of it answered too late.
                Assert.Contains(branchTickets, t => t.GetProperty("openedAt").GetDateTimeOffset() < now.AddDays(-2));
                Assert.NotEmpty(await SystemWithStaff.AllAsync(exec, $"api/tickets?branch={branch}&breached=true"));
            }
            // The seeded customers were migrated with their registration time, before the three years of orders
            // (converted leads and the marker are registered today).
            Assert.Equal(SystemWithStaff.Branches.Length * Test.CustomersPerBranch,
                (await SystemWithStaff.AllAsync(exec, "api/customers")).Count(c => c.GetProperty("registeredAt").GetDateTimeOffset() < now.AddMonths(-35)));

            // Again: the marker is found and nothing is added.
            var callsBefore = api.Calls;
            await new Seeder(api, Test, 7, CrmSystem.AdminPassword, CrmSystem.DemoPassword, clientFile).RunAsync();
            Assert.True(api.Calls - callsBefore <= 3, $"the second run made {api.Calls - callsBefore} calls");
            Assert.Equal(counts, await CountsAsync(exec));
        }
        finally
        {
            File.Delete(clientFile);
        }
    }

    private static async Task<string> CountsAsync(HttpClient exec)
    {
        var parts = new List<string>();
        foreach (var list in new[] { "customers", "products", "orders", "leads", "opportunities", "activities", "tickets" })
            parts.Add($"{list}={(await SystemWithStaff.AllAsync(exec, $"api/{list}")).Count}");
        return string.Join(", ", parts);
    }

    private static async Task<List<string>> StagesAsync(HttpClient exec)
    {
        var body = await exec.GetFromJsonElementAsync("api/pipeline/stages");
        return body.GetProperty("stages").EnumerateArray()
            .Select(s => s.ValueKind == JsonValueKind.Object ? s.GetProperty("name").GetString()! : s.GetString()!)
            .Where(s => s is not ("won" or "lost")).ToList();
    }

    private static bool IsOpen(JsonElement activity) =>
        Text(activity, "status") is not ("completed" or "cancelled") && activity.TryGetProperty("dueAt", out var due) && due.ValueKind == JsonValueKind.String;

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static decimal Money(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetDecimal();
}

internal static class JsonHttp
{
    public static Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string path) =>
        System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(client, path);
}
