using Crm.Gateway;
using Crm.Gateway.Docs;
using Crm.Gateway.Health;
using Crm.Gateway.Routing;
using Crm.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayTelemetry();
builder.AddBodySizeLimit();
builder.Services.AddGatewayProblemDetails();
builder.Services.AddGatewayAuthentication(builder.Configuration);
builder.Services.AddGatewayRevocations(builder.Configuration);
builder.Services.AddGatewayRateLimits(builder.Configuration);
builder.Services.AddGatewayHealthChecks(builder.Configuration);
builder.Services.AddReverseProxy().LoadServiceRoutes(builder.Configuration);

var app = builder.Build();

app.UseCorrelationId();
app.UseExceptionHandler();
app.UseBodySizeLimit();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapGatewayHealthChecks();
app.MapApiDocs();
app.MapEventCatalogue();
app.MapReverseProxy(proxy =>
{
    proxy.UseProblemsForProxyErrors();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.MapFallback("{**path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such route"));

app.Run();

public partial class Program;
