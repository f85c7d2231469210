using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>The customer mix follows what happens to customers after registration, whatever order the events arrive in.</summary>
public class CustomerLifecycleInMixTests(ReportingService service) : IClassFixture<ReportingService>
{
    private async Task<int> CustomersIn(string category, string? branch = null) =>
        (await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix{(branch is null ? "" : $"?branch={branch}")}"))
            .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("category").GetString() == category)
            .Select(i => i.GetProperty("customers").GetInt32()).FirstOrDefault();

    [Fact]
    public async Task An_archived_customer_leaves_the_mix_and_a_restored_one_comes_back()
    {
        var category = $"lifecycle-{Guid.NewGuid():N}";
        var id = Guid.CreateVersion7();
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), id, "north", category, position: 1);
        await Eventually.Get(() => CustomersIn(category), n => n == 1, what: "registered customer counted");

        await service.PublishAsync("customers.customer-archived", Guid.CreateVersion7(), id, "north", 2, new { customerId = id, branch = "north", archivedAt = DateTimeOffset.UtcNow });
        await Eventually.Get(() => CustomersIn(category), n => n == 0, what: "archived customer no longer counted");

        await service.PublishAsync("customers.customer-restored", Guid.CreateVersion7(), id, "north", 3, new { customerId = id, branch = "north", restoredAt = DateTimeOffset.UtcNow });
        await Eventually.Get(() => CustomersIn(category), n => n == 1, what: "restored customer counted again");
    }

    [Fact]
    public async Task An_archive_that_arrives_before_the_older_registration_still_wins_by_its_source_position()
    {
        var category = $"out-of-order-{Guid.NewGuid():N}";
        var archivedId = Guid.CreateVersion7();
        var (archive, registration) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await service.PublishAsync("customers.customer-archived", archive, archivedId, "north", 20, new { customerId = archivedId, branch = "north", archivedAt = DateTimeOffset.UtcNow });
        await Eventually.Get(() => service.Factory.InboxCountAsync(archive), n => n == 1, what: "the archive recorded first");
        await service.PublishCustomerRegisteredAsync(registration, archivedId, "north", category, position: 10);
        await Eventually.Get(() => service.Factory.InboxCountAsync(registration), n => n == 1, what: "the older registration recorded after it");

        Assert.Equal(0, await CustomersIn(category));
    }

    [Fact]
    public async Task A_transferred_customer_counts_in_its_new_branch()
    {
        var category = $"transfer-{Guid.NewGuid():N}";
        var id = Guid.CreateVersion7();
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), id, "north", category, position: 40);
        await Eventually.Get(() => CustomersIn(category, "north"), n => n == 1, what: "counted in north");

        await service.PublishAsync("customers.customer-transferred", Guid.CreateVersion7(), id, "east", 41, new
        {
            customerId = id, fromBranch = "north", toBranch = "east", name = "Moved", category, grade = "normal", status = "active", ownerId = (Guid?)null, transferredAt = DateTimeOffset.UtcNow,
        });

        await Eventually.Get(() => CustomersIn(category, "east"), n => n == 1, what: "counted in east");
        Assert.Equal(0, await CustomersIn(category, "north"));
    }
}
