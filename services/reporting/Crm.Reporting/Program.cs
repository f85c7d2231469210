using Crm.Reporting.CustomerMix;
using Crm.Reporting.Rebuild;
using Crm.ServiceDefaults;
using JasperFx.Events.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting",
    marten: opts =>
    {
        opts.Schema.For<ReportCustomer>().MultiTenanted().Index(c => c.SourcePosition);
        opts.Projections.Add(new ReportCustomerProjection(), ProjectionLifecycle.Inline);
    },
    consumers: c => c.RecordCustomerEvents(builder.Services));

var app = builder.Build();
app.MapServiceDefaults();
app.MapCustomerMix();
app.MapRebuildReports();
app.Run();

namespace Crm.Reporting
{
    public partial class Program;
}
