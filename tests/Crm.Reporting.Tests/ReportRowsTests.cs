using System.Net;
using Crm.Reporting.Activities;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Monthly;
using Crm.Reporting.Orders;
using Crm.Reporting.Pipeline;
using Crm.Reporting.Staff;
using Crm.Reporting.Tickets;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

/// <summary>
/// Reporting files every event under the record it is about, in one event store; each report keeps
/// rows only for its own kind of record. A customer has no order row, an order no branch row: the
/// reports read tables the size of what they report on, not of everything reporting ever heard.
/// </summary>
public class ReportRowsTests(ReportingService service) : IClassFixture<ReportingService>
{
    private async Task<IReadOnlyList<string>> RowsOf(Guid id)
    {
        await using var session = service.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var rows = new List<string>();
        async Task Check<T>() where T : notnull
        {
            if (await session.LoadAsync<T>(id) is not null) rows.Add(typeof(T).Name);
        }
        await Check<ReportCustomer>(); await Check<MonthlyCustomer>(); await Check<ReportOrder>(); await Check<ReportTicket>();
        await Check<ReportLead>(); await Check<MonthlyLead>(); await Check<ReportOpportunity>(); await Check<ReportActivity>();
        await Check<ReportStaff>(); await Check<ReportBranch>();
        return rows;
    }

    [Fact]
    public async Task Each_record_has_rows_only_in_the_reports_about_its_kind_live_and_after_a_rebuild()
    {
        var customer = await service.Customer("north", $"rows-{Guid.NewGuid():N}", "Rows Trading");
        var order = await service.Order("north", customer, Guid.CreateVersion7(), 1000m, DateTimeOffset.UtcNow.AddDays(-3));
        var ticket = await service.TicketOpened("north", "repair", "normal", DateTimeOffset.UtcNow.AddHours(-5));
        await Eventually.Get(() => RowsOf(ticket), rows => rows.Count > 0, what: "the ticket recorded");
        await Eventually.Get(() => RowsOf(order), rows => rows.Count > 0, what: "the order recorded");

        async Task AssertOwnRowsOnly()
        {
            Assert.Equal([nameof(ReportCustomer), nameof(MonthlyCustomer)], await RowsOf(customer));
            Assert.Equal([nameof(ReportOrder)], await RowsOf(order));
            Assert.Equal([nameof(ReportTicket)], await RowsOf(ticket));
        }
        await AssertOwnRowsOnly();

        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("system-admin").PostAsync("/api/reports/rebuild", null)).StatusCode);
        await AssertOwnRowsOnly();
    }
}

/// <summary>The reports' sessions run without PostgreSQL's JIT compiling, which costs seconds on queries it misjudges.</summary>
public class ReportSessionTests(ReportingService service) : IClassFixture<ReportingService>
{
    [Fact]
    public async Task Report_queries_run_without_jit_compilation()
    {
        await using var session = service.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();

        var settings = await session.AdvancedSql.QueryAsync<Setting>("select jsonb_build_object('value', current_setting('jit'))", CancellationToken.None);

        Assert.Equal("off", Assert.Single(settings).Value);
    }

    public sealed record Setting(string Value);
}
