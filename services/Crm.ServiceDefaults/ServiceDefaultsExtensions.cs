using System.Text.Json.Serialization;
using Crm.Revocation;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Messaging;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.ServiceDefaults;

/// <summary>The hosting every CRM service shares, wired by one call.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Largest request body a service reads; the gateway enforces the same limit first.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName,
        Action<StoreOptions>? marten = null, Action<ConsumerRegistry>? consumers = null)
    {
        var service = new ServiceIdentity(serviceName);
        var services = builder.Services;
        services.AddSingleton(service);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        builder.AddCrmTelemetry(service);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower)));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(c.HttpContext));
        services.AddExceptionHandler<ProblemResponses>();
        services.AddOpenApi();

        services.AddCrmAuthentication(builder.Configuration);
        services.AddStaffRevocation(builder.Configuration);
        services.AddCrmMarten(builder.Configuration, builder.Environment, service, marten);
        services.TryAddSingleton<IIntegrationEventMapper, NoIntegrationEvents>();

        var registry = new ConsumerRegistry();
        consumers?.Invoke(registry);
        services.AddCrmBus(builder.Configuration, service, registry);

        services.AddHealthChecks()
            .AddNpgSql(sp => MartenSetup.DatabaseConnectionString(builder.Configuration, sp.GetRequiredService<ServiceIdentity>()),
                name: "postgresql", tags: ["ready"])
            .AddCheck<EventPublishingHealth>("event-publishing", tags: ["ready"]);
        services.AddSingleton<EventPublishingHealth>();
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(CorrelationId.Middleware);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponses.WriteJsonAsync }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
