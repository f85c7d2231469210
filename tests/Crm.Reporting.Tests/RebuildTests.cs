using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.CustomerMix;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

public class RebuildTests(ReportingService service) : IClassFixture<ReportingService>
{
    private async Task<int> CustomersIn(string category) =>
        (await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>("/api/reports/customer-mix"))
            .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("category").GetString() == category)
            .Select(i => i.GetProperty("customers").GetInt32()).FirstOrDefault();

    [Fact]
    public async Task A_lost_report_is_rebuilt_from_the_events_reporting_recorded()
    {
        var category = $"rebuild-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
            await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 100 + i);
        await Eventually.Get(() => CustomersIn(category), n => n == 3, what: "three customers counted");

        await using (var session = service.Factory.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.DeleteWhere<ReportCustomer>(c => c.Category == category);
            await session.SaveChangesAsync();
        }
        Assert.Equal(0, await CustomersIn(category));

        var response = await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("projections").EnumerateArray(), p => p.GetProperty("projection").GetString() == nameof(ReportCustomerProjection));
        Assert.Equal(3, await CustomersIn(category));
        // Each projection reads only the kinds of event it folds: customers' registrations, not branches' openings.
        long EventsOf(string projection) => body.GetProperty("projections").EnumerateArray()
            .Single(p => p.GetProperty("projection").GetString() == projection).GetProperty("events").GetInt64();
        var stored = body.GetProperty("storedEvents").GetInt64();
        Assert.InRange(EventsOf(nameof(ReportCustomerProjection)), 3, stored);
        Assert.True(EventsOf("ReportBranchProjection") < EventsOf(nameof(ReportCustomerProjection)));
        Assert.Equal(
            ["CustomerStatusRows", "MonthlyCustomerProjection", "MonthlyLeadProjection", "OrderAttribution", "ReportActivityProjection", "ReportBranchProjection", "ReportCustomerProjection", "ReportLeadProjection", "ReportOpportunityProjection", "ReportOrderProjection", "ReportStaffProjection", "ReportTicketProjection"],
            body.GetProperty("projections").EnumerateArray().Select(p => p.GetProperty("projection").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_rebuild_started_without_waiting_runs_on_its_own_and_shows_its_progress_until_done()
    {
        var category = $"rebuild-async-{Guid.NewGuid():N}";
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 300);
        await Eventually.Get(() => CustomersIn(category), n => n == 1, what: "the customer counted");
        await using (var session = service.Factory.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.DeleteWhere<ReportCustomer>(c => c.Category == category);
            await session.SaveChangesAsync();
        }
        var admin = service.ClientAs("system-admin");

        var started = await admin.PostAsync("/api/reports/rebuild?wait=false", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/reports/rebuild", started.Headers.Location?.OriginalString);
        var progress = await Eventually.Get(async () => await admin.GetFromJsonAsync<JsonElement>("/api/reports/rebuild"),
            p => p.GetProperty("status").GetString() is "completed" or "failed", what: "the rebuild finished");
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(progress.GetProperty("steps").GetInt32(), progress.GetProperty("done").GetArrayLength());
        Assert.True(progress.GetProperty("finishedAt").GetDateTimeOffset() >= progress.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(1, await CustomersIn(category));
    }

    [Theory]
    [InlineData("group-executive", null)]
    [InlineData("branch-head", "north")]
    public async Task Only_system_administrators_rebuild_reports(string role, string? branch)
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs(role, branch).PostAsync("/api/reports/rebuild", null)).StatusCode);
    }
}
