using Crm.Identity.Bootstrap;
using Crm.Identity.Domain;
using Crm.Identity.Features;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity", marten: StaffAccountProjection.Register);
builder.AddTokenServer();
builder.Services.AddSingleton<BootstrapAccounts>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<BootstrapAccounts>());
builder.Services.AddHealthChecks().AddCheck<BootstrapHealth>("bootstrap-accounts", tags: ["ready"]);

var app = builder.Build();
app.MapServiceDefaults();
app.MapIssueToken();
app.MapGetMe();
app.Run();

public partial class Program;
