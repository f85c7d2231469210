using Crm.Reporting.Activities;
using Crm.Reporting.CustomerMix;
using Crm.Reporting.Integration;
using Crm.Reporting.Monthly;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Reporting.Pipeline;
using Crm.Reporting.Rebuild;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Crm.Reporting.Tickets;
using Crm.ServiceDefaults;
using JasperFx.Events.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting",
    marten: opts =>
    {
        opts.Schema.For<ReportCustomer>().MultiTenanted().Index(c => c.SourcePosition).Duplicate(c => c.MergedInto!);
        // The customer mix counts every active customer per category: plain columns spare it reading
        // 100,000 documents' JSON. Filled on write, so an upgraded deployment rebuilds the reports once.
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(ReportCustomer)) return;
            mapping.DuplicateField(nameof(ReportCustomer.Registered), pgType: "boolean");
            mapping.DuplicateField(nameof(ReportCustomer.Active), pgType: "boolean");
            mapping.DuplicateField(nameof(ReportCustomer.Category), pgType: "text");
            mapping.DuplicateField(nameof(ReportCustomer.Branch), pgType: "text");
            mapping.DuplicateField(nameof(ReportCustomer.OwnerId), pgType: "uuid");
            // ... and one index of exactly those columns lets it count them from the index alone.
            mapping.AddIndex("tenant_id", "registered", "active", "category", "branch", "owner_id").Name = "mt_doc_reportcustomer_idx_counted";
        });
        opts.Schema.For<ReportLead>().MultiTenanted().Index(l => l.SourcePosition);
        opts.Schema.For<ReportOpportunity>().MultiTenanted().Index(o => o.SourcePosition);
        opts.Schema.For<ReportActivity>().MultiTenanted().Index(a => a.SourcePosition).Index(a => a.RegardingId);
        opts.Schema.For<ReportStaff>().MultiTenanted().Index(s => s.SourcePosition);
        opts.Schema.For<ReportBranch>().MultiTenanted();
        opts.Schema.For<ReportOrder>().MultiTenanted().Index(o => o.SourcePosition);
        opts.Schema.For<ReportTicket>().MultiTenanted().Index(t => t.SourcePosition);
        opts.Schema.For<MonthlyCustomer>().MultiTenanted().Index(c => c.SourcePosition);
        opts.Schema.For<MonthlyLead>().MultiTenanted().Index(l => l.SourcePosition);
        foreach (var projection in RebuildReports.Projections)
            opts.Projections.Add(projection, ProjectionLifecycle.Inline);
        // After the report rows it reads: re-resolves, in the same transaction, whom each sale counts for.
        opts.Projections.Add(new OrderAttributionProjection(), ProjectionLifecycle.Inline);
        // After MonthlyCustomer: the monthly report's narrow row of each customer, from its document.
        opts.Projections.Add(new CustomerStatusProjection(), ProjectionLifecycle.Inline);
    },
    // Many records at once and many events fetched ahead: the recorder writes what arrives meanwhile as one batch.
    consumers: c => c.Concurrency(records: EventRecorder.MaxBatch, prefetch: 2 * EventRecorder.MaxBatch).RecordCustomerEvents(builder.Services).RecordSalesEvents(builder.Services).RecordIdentityEvents(builder.Services)
        .RecordOrderEvents(builder.Services).RecordTicketEvents(builder.Services));
builder.Services.AddSingleton<Crm.ServiceDefaults.Storage.IServiceSchema, ReportSchema>();
builder.Services.AddSingleton<EventRecorder>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());
builder.Services.AddSingleton<RebuildJob>();
builder.Services.AddSingleton<Crm.Reporting.Reports.ReportCache>();
builder.Services.AddSingleton<Crm.Reporting.Orders.SalesRankings>();
builder.Services.AddHostedService<Crm.Reporting.Orders.PendingSums>();
builder.Services.AddHostedService<Crm.Reporting.Reports.ChangesPruning>();
builder.Services.AddHostedService<Crm.Reporting.Orders.RankingsKeeper>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapCustomerMix();
app.MapAbcReport();
app.MapCollectionsReport();
app.MapProductMixReport();
app.MapSeasonalIndexReport();
app.MapCustomerTransactionsReport();
app.MapPipelineReport();
app.MapRepActivityReport();
app.MapFollowUpOverdueReport();
app.MapInactiveStaffReport();
app.MapServiceReport();
app.MapMonthlyReport();
app.MapRebuildReports();
app.Run();

namespace Crm.Reporting
{
    public partial class Program;
}
