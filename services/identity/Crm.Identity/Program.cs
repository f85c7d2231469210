using Crm.Identity.Bootstrap;
using Crm.Identity.Domain;
using Crm.Identity.Features;
using Crm.Identity.Integration;
using Crm.Identity.ReadModels;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults;
using Crm.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity", marten: opts =>
{
    StaffAccountProjection.Register(opts);
    BranchProjection.Register(opts);
    RegisteredClientProjection.Register(opts);
});
builder.Services.AddSingleton<IIntegrationEventMapper, IdentityEventMapper>();
builder.AddTokenServer();
builder.Services.AddSingleton<BootstrapAccounts>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<BootstrapAccounts>());
builder.Services.AddHealthChecks().AddCheck<BootstrapHealth>("bootstrap-accounts", tags: ["ready"]);

var app = builder.Build();
app.MapServiceDefaults();
app.MapIssueToken();
app.MapGetMe();
app.MapOpenBranch();
app.MapListBranches();
app.MapJoinStaff();
app.MapListStaff();
app.MapGetStaff();
app.MapStaffHistory();
app.MapChangeStaffRole();
app.MapFreezeStaff();
app.MapUnfreezeStaff();
app.MapResetStaffPassword();
app.MapStaffLeave();
app.MapChangeOwnPassword();
app.MapListRevocations();
app.MapRegisterClient();
app.MapListClients();
app.Run();

public partial class Program;
