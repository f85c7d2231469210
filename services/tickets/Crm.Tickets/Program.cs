using Crm.ServiceDefaults;

// The tickets service runs with the shared hosting (health, auth, event store, bus); its features
// arrive with its own issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tickets");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

namespace Crm.Tickets
{
    public partial class Program;
}
