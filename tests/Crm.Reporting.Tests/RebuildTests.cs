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
        Assert.Equal(
            ["MonthlyCustomerProjection", "MonthlyLeadProjection", "OrderAttribution", "ReportActivityProjection", "ReportBranchProjection", "ReportCustomerProjection", "ReportLeadProjection", "ReportOpportunityProjection", "ReportOrderProjection", "ReportStaffProjection", "ReportTicketProjection"],
            body.GetProperty("projections").EnumerateArray().Select(p => p.GetProperty("projection").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("group-executive", null)]
    [InlineData("branch-head", "north")]
    public async Task Only_system_administrators_rebuild_reports(string role, string? branch)
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs(role, branch).PostAsync("/api/reports/rebuild", null)).StatusCode);
    }
}
