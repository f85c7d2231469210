using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

public class CustomerMixTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static string ACategory() => $"category-{Guid.NewGuid():N}";

    private async Task<JsonElement?> MixRow(HttpClient client, string category, string query = "")
    {
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/customer-mix{query}");
        return report.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(i => i!.Value.GetProperty("category").GetString() == category);
    }

    [Fact]
    public async Task A_registered_customer_is_counted_in_its_category()
    {
        var category = ACategory();
        var exec = service.ClientAs("group-executive");

        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 7);

        var row = await Eventually.Get(() => MixRow(exec, category), r => r is not null, what: "category in customer-mix");
        Assert.Equal(1, row!.Value.GetProperty("customers").GetInt32());
        Assert.Equal(0m, row.Value.GetProperty("sales").GetDecimal());
        var report = await exec.GetFromJsonAsync<JsonElement>("/api/reports/customer-mix");
        Assert.True(report.GetProperty("asOfPosition").GetInt64() >= 7);
        Assert.True(report.GetProperty("lagMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once()
    {
        var category = ACategory();
        var eventId = Guid.CreateVersion7();
        var customerId = Guid.CreateVersion7();
        var exec = service.ClientAs("group-executive");

        await service.PublishCustomerRegisteredAsync(eventId, customerId, "north", category, position: 11);
        await service.PublishCustomerRegisteredAsync(eventId, customerId, "north", category, position: 11);
        // A later, different event in the same category: once it shows, both deliveries above were handled
        // by the same single-queue consumer before it or are being retried; the inbox keeps the count exact.
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 12);

        var row = await Eventually.Get(() => MixRow(exec, category), r => r is not null && r.Value.GetProperty("customers").GetInt32() >= 2, what: "both customers counted");
        await Eventually.Get(() => service.Factory.InboxCountAsync(eventId), n => n == 1, what: "the event recorded in the inbox once");
        Assert.Equal(2, row!.Value.GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task Branch_staff_see_only_their_own_branch_in_the_report()
    {
        var category = ACategory();
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 20);
        await Eventually.Get(() => MixRow(service.ClientAs("group-executive"), category), r => r is not null, what: "north customer counted");

        Assert.Null(await MixRow(service.ClientAs("branch-head", "east"), category));
        Assert.NotNull(await MixRow(service.ClientAs("branch-head", "north"), category));
        Assert.Null(await MixRow(service.ClientAs("group-executive"), category, "?branch=east"));
    }

    [Fact]
    public async Task Asking_for_another_branch_is_forbidden_to_branch_staff()
    {
        var response = await service.ClientAs("branch-head", "east").GetAsync("/api/reports/customer-mix?branch=north");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("system-admin", null)]
    [InlineData("service-agent", "north")]
    public async Task Roles_without_sales_reports_get_403(string role, string? branch)
    {
        var r = await service.ClientAs(role, branch).GetAsync("/api/reports/customer-mix"); Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task The_report_needs_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Factory.CreateClient().GetAsync("/api/reports/customer-mix")).StatusCode);
    }
}
