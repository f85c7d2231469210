using Crm.Contracts.Customers;
using Crm.Sales.Customers;
using Crm.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("sales",
    consumers: c => c.Consume<CustomerRegisteredConsumer, CustomerRegistered>());
builder.Services.AddHttpClient<CustomersDirectory>(c =>
{
    c.BaseAddress = new Uri((builder.Configuration[CustomersDirectory.ConfigurationKey] ?? CustomersDirectory.DefaultAddress).TrimEnd('/') + "/");
    c.Timeout = TimeSpan.FromSeconds(5);
});
builder.Services.AddScoped<KnownCustomers>();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

namespace Crm.Sales
{
    public partial class Program;
}
