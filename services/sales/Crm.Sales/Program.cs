using Crm.ServiceDefaults;

// The sales service runs with the shared hosting (health, auth, event store, bus); its features
// arrive with its own issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("sales");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

namespace Crm.Sales
{
    public partial class Program;
}
