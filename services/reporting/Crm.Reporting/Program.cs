using Crm.Contracts.Customers;
using Crm.Reporting.CustomerMix;
using Crm.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting",
    marten: opts => opts.Schema.For<ReportCustomer>().Index(c => c.SourcePosition),
    consumers: c => c.Consume<CustomerRegisteredConsumer, CustomerRegistered>());

var app = builder.Build();
app.MapServiceDefaults();
app.MapCustomerMix();
app.Run();

namespace Crm.Reporting
{
    public partial class Program;
}
