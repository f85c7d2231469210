using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.Monthly;
using Crm.Testing;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>Which branch a customer counts in for the monthly report, month by month, across transfers.</summary>
public class CustomerBranchTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static string Of(IEnumerable<CustomerBranchChange> changes) =>
        string.Join(" ", changes.Select(c => $"{c.Branch}@{c.At:MM-dd}:{(c.Active ? "on" : "off")}"));

    [Fact]
    public void A_transfer_ends_the_count_in_the_branch_left_and_starts_it_in_the_one_joined()
    {
        // Given registered in A on 10 September, transferred to B on 15 October, archived on 1 November
        var changes = new[] { new CustomerStatusChange(Utc("2026-09-10T00:00"), true, 1), new CustomerStatusChange(Utc("2026-11-01T00:00"), false, 3) };
        var branches = new[] { new CustomerBranchSpell(Utc("2026-09-10T00:00"), "A", 1), new CustomerBranchSpell(Utc("2026-10-15T00:00"), "B", 2) };

        // When put per branch, then
        Assert.Equal("A@09-10:on A@10-15:off B@10-15:on B@11-01:off", Of(MonthlyCustomerProjection.PerBranch(changes, branches)));
    }

    [Fact]
    public void An_archived_customer_moved_to_another_branch_joins_it_archived_and_a_restore_counts_there()
    {
        var changes = new[]
        {
            new CustomerStatusChange(Utc("2026-01-01T00:00"), true, 1), new CustomerStatusChange(Utc("2026-02-01T00:00"), false, 2),
            new CustomerStatusChange(Utc("2026-04-01T00:00"), true, 4),
        };
        var branches = new[] { new CustomerBranchSpell(Utc("2026-01-01T00:00"), "A", 1), new CustomerBranchSpell(Utc("2026-03-01T00:00"), "B", 3) };

        Assert.Equal("A@01-01:on A@02-01:off A@03-01:off B@03-01:off B@04-01:on", Of(MonthlyCustomerProjection.PerBranch(changes, branches)));
    }

    [Fact]
    public void A_transfer_to_the_same_branch_or_one_before_any_branch_is_known_changes_nothing_twice()
    {
        var changes = new[] { new CustomerStatusChange(Utc("2026-01-05T00:00"), true, 2) };
        var branches = new[] { new CustomerBranchSpell(Utc("2026-01-05T00:00"), "A", 2), new CustomerBranchSpell(Utc("2026-02-01T00:00"), "A", 3) };

        Assert.Equal("A@01-05:on", Of(MonthlyCustomerProjection.PerBranch(changes, branches)));
        Assert.Equal("", Of(MonthlyCustomerProjection.PerBranch(changes, [])));
    }

    private static string Customers(JsonElement report, string branch)
    {
        var month = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("branch").GetString() == branch).GetProperty("month");
        return $"{month.GetProperty("newCustomers").GetInt32()}/{month.GetProperty("activeCustomers").GetInt32()}";
    }

    [Fact]
    public async Task A_customer_transferred_in_October_counts_in_its_first_branch_for_September_and_in_the_new_one_after()
    {
        var (a, b) = (SourceEvents.ABranch(), SourceEvents.ABranch());
        var exec = service.ClientAs("group-executive");
        var at = Positions(2);
        var moved = Guid.CreateVersion7();
        await service.Registered(at[0], moved, a, "Mike Moved", "trader", Utc("2026-09-10T04:00"));
        await service.Transferred(at[1], moved, a, b, "Mike Moved", "trader", null, Utc("2026-10-15T04:00"));
        await service.CustomerRegisteredAt(b, Utc("2026-10-20T04:00"));

        async Task<JsonElement> Monthly(string branch, string month) =>
            await exec.GetFromJsonAsync<JsonElement>($"/api/reports/monthly?branch={branch}&month={month}");
        await Eventually.Get(() => Monthly(b, "2026-10"), r => Customers(r, b) == "1/2", what: "the transferred customer and the new one in B's October");
        Assert.Equal("1/1", Customers(await Monthly(a, "2026-09"), a));
        Assert.Equal("0/0", Customers(await Monthly(a, "2026-10"), a));
        Assert.Equal("0/0", Customers(await Monthly(b, "2026-09"), b));

        // The same after a rebuild from the recorded events.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null)).StatusCode);
        Assert.Equal("1/1", Customers(await Monthly(a, "2026-09"), a));
        Assert.Equal("1/2", Customers(await Monthly(b, "2026-10"), b));
    }
}
