using Crm.Revocation;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Gateway.Security;

/// <summary>
/// The gateway refuses tokens of frozen or departed staff like every service does. Its bus exists
/// only for that: one exclusive queue per gateway instance on the public exchange.
/// </summary>
public static class GatewayRevocations
{
    public static IServiceCollection AddGatewayRevocations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStaffRevocation(configuration);
        var rabbit = new Uri(configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@127.0.0.1:5672/");
        services.AddMassTransit(x =>
        {
            // Broker down = degraded, still routing: tokens are still checked, revocations wait for the broker.
            x.ConfigureHealthCheckOptions(o =>
            {
                o.MinimalFailureStatus = HealthStatus.Degraded;
                o.Tags.Add("ready");
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit, h =>
                {
                    var credentials = rabbit.UserInfo.Split(':', 2);
                    if (credentials[0].Length > 0)
                    {
                        h.Username(Uri.UnescapeDataString(credentials[0]));
                        h.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
                    }
                });
                cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.ReceiveStaffRevocations(context, "gateway");
            });
        });
        return services;
    }
}
