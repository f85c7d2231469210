using Crm.Contracts.Identity;
using Crm.Contracts.Sales;
using Crm.Customers.Consumers;
using Crm.Customers.Domain;
using Crm.Customers.Features;
using Crm.Customers.Integration;
using Crm.ServiceDefaults;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("customers", marten: opts =>
{
    opts.StoreCustomers(); // indexes for the list's sorts, the search and the look-alike checks
    opts.Schema.For<CustomerCategorySettings>().Identity(s => s.Id);
    opts.Projections.Add(new CustomerProjection(), ProjectionLifecycle.Inline);
}, consumers: c => c
    .Consume<StaffLeftConsumer, StaffLeft>()
    .Consume<LeadConvertedConsumer, LeadConverted>());
builder.Services.AddSingleton<IIntegrationEventMapper, CustomerEventMapper>();
// Customers stored before the search and look-alike columns existed get their keys before the service answers.
builder.Services.AddHostedService<CustomerKeysBackfill>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapRegisterCustomer();
app.MapListCustomers();
app.MapFindDuplicates();
app.MapGetCustomer();
app.MapCustomerHistory();
app.MapUpdateCustomerProfile();
app.MapAddContact();
app.MapUpdateContact();
app.MapRemoveContact();
app.MapAssignOwner();
app.MapChangeGrade();
app.MapArchiveCustomer();
app.MapTransferCustomer();
app.MapMergeCustomers();
app.MapImportCustomers();
app.MapExportCustomers();
app.MapCustomerCategories();
app.Run();

namespace Crm.Customers
{
    public partial class Program;
}
