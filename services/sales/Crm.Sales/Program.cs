using Crm.ServiceDefaults.Replicas;
using Crm.Contracts.Customers;
using Crm.Contracts.Identity;
using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Features;
using Crm.Sales.Features.Activities;
using Crm.Sales.Features.Leads;
using Crm.Sales.Features.Opportunities;
using Crm.Sales.Features.Orders;
using Crm.Sales.Features.Products;
using Crm.Sales.Features.Settings;
using Crm.Sales.Integration;
using Crm.Sales.Staff;
using Crm.ServiceDefaults;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("sales",
    marten: opts =>
    {
        opts.Schema.For<Lead>().MultiTenanted();
        opts.Schema.For<Opportunity>().MultiTenanted();
        opts.Schema.For<Activity>().MultiTenanted().Index(a => a.RegardingId);
        opts.Schema.For<Order>().MultiTenanted().Index(o => o.CustomerId);
        opts.Schema.For<Product>().MultiTenanted().UniqueIndex(p => p.Code); // products live in no branch: the default tenant
        // Replicas of other services' records (ARCHITECTURE rule 1) live in no branch: the default tenant.
        opts.Schema.For<CustomerReplica>();
        opts.Schema.For<StaffReplica>();
        opts.Projections.Add(new LeadProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new OpportunityProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ActivityProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ProductProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new OrderProjection(), ProjectionLifecycle.Inline);
    },
    consumers: c => c
        .Consume<CustomerFactConsumer<CustomerRegistered>, CustomerRegistered>()
        .Consume<CustomerFactConsumer<CustomerProfileUpdated>, CustomerProfileUpdated>()
        .Consume<CustomerFactConsumer<CustomerOwnerAssigned>, CustomerOwnerAssigned>()
        .Consume<CustomerFactConsumer<CustomerGradeChanged>, CustomerGradeChanged>()
        .Consume<CustomerFactConsumer<CustomerArchived>, CustomerArchived>()
        .Consume<CustomerFactConsumer<CustomerRestored>, CustomerRestored>()
        .Consume<CustomerFactConsumer<CustomersUnmerged>, CustomersUnmerged>()
        .ConsumeStaffFacts()
        .Consume<StaffLeftConsumer, StaffLeft>()
        .Consume<CustomersMergedConsumer, CustomersMerged>()
        .Consume<CustomerTransferredConsumer, CustomerTransferred>());
builder.Services.AddSingleton<IIntegrationEventMapper, SalesEventMapper>();
builder.Services.AddSingleton(new GroupCurrency(builder.Configuration["Crm:Currency"] ?? "CNY"));
builder.Services.AddCustomersDirectory(builder.Configuration);
builder.Services.AddScoped<KnownCustomers>();
builder.Services.AddStaffDirectory(builder.Configuration);
builder.Services.AddScoped<KnownStaff>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapLeads();
app.MapOpportunities();
app.MapPipelineSettings();
app.MapFollowUpSettings();
app.MapActivities();
app.MapProducts();
app.MapOrders();
app.Run();

namespace Crm.Sales
{
    public partial class Program;
}
