using Crm.ServiceDefaults.Replicas;
using Crm.Contracts.Customers;
using Crm.Contracts.Identity;
using Crm.ServiceDefaults;
using Crm.ServiceDefaults.Messaging;
using Crm.Tickets.Consumers;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;
using Crm.Tickets.Escalation;
using Crm.Tickets.Features;
using Crm.Tickets.Integration;
using JasperFx.Events.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tickets",
    marten: opts =>
    {
        opts.Schema.For<Ticket>().MultiTenanted().Index(t => t.CustomerId);
        opts.Schema.For<SlaPolicies>().MultiTenanted().Identity(p => p.Id);
        opts.Schema.For<CustomerReplica>();
        opts.Projections.Add(new TicketProjection(), ProjectionLifecycle.Inline);
    },
    consumers: c => c
        .ConsumeCustomerFacts()
        .Consume<StaffLeftConsumer, StaffLeft>()
        .Consume<CustomersMergedConsumer, CustomersMerged>()
        .Consume<CustomerTransferredConsumer, CustomerTransferred>());
builder.Services.AddSingleton<IIntegrationEventMapper, TicketEventMapper>();
builder.Services.AddCustomersDirectory(builder.Configuration);
builder.Services.AddScoped<KnownCustomers>();
builder.Services.AddSingleton<SlaWatch>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<SlaWatch>());

var app = builder.Build();
app.MapServiceDefaults();
app.MapTickets();
app.Run();

namespace Crm.Tickets
{
    public partial class Program;
}
