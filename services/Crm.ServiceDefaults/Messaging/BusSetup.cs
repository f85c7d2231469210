using Crm.Revocation;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.ServiceDefaults.Messaging;

internal static class BusSetup
{
    public static void AddCrmBus(this IServiceCollection services, IConfiguration configuration, ServiceIdentity service, ConsumerRegistry registry)
    {
        foreach (var consumer in registry.Routes.Select(r => r.Consumer).Distinct()) services.AddScoped(consumer);
        services.AddSingleton(registry);
        services.AddSingleton<InboundRoutes>();
        var rabbit = new Uri(configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@127.0.0.1:5672/");
        services.AddMassTransit(x =>
        {
            if (registry.Routes.Count > 0) x.AddConsumer<InboundEventDispatcher>();

            // RabbitMQ down = degraded, still serving: writes go to the event store and leave later.
            x.ConfigureHealthCheckOptions(o =>
            {
                o.MinimalFailureStatus = HealthStatus.Degraded;
                o.Tags.Add("ready");
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit, h =>
                {
                    var user = Uri.UnescapeDataString(rabbit.UserInfo.Split(':')[0]);
                    var password = rabbit.UserInfo.Contains(':') ? Uri.UnescapeDataString(rabbit.UserInfo.Split(':', 2)[1]) : "";
                    if (user.Length > 0) { h.Username(user); h.Password(password); }
                });
                cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
                // Public events are plain JSON as API.md shows them: money amounts as numbers (MassTransit
                // writes decimals as strings by default) and no indentation on the wire.
                cfg.ConfigureJsonSerializerOptions(options =>
                {
                    options.WriteIndented = false;
                    foreach (var converter in options.Converters.OfType<MassTransit.Serialization.JsonConverters.StringDecimalJsonConverter>().ToList())
                        options.Converters.Remove(converter);
                    return options;
                });
                cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.ReceiveStaffRevocations(context, service.Name);

                if (registry.Routes.Count > 0) cfg.ReceiveInboundEvents(context, service, registry);
            });
        });
    }

    /// <summary><c>{service}.events</c>: the one queue on which a service receives every event it consumes.</summary>
    public static string InboundQueue(string service) => $"{service}.events";

    /// <summary>
    /// The service's one inbound queue, bound to every routing key it consumes. Events about one record
    /// (<c>ce-subject</c>) are handled one at a time in the order they arrived, different records in
    /// parallel. A transient fault (database or downstream unreachable, a lost race) is retried with
    /// growing pauses until it passes: the record's later events wait behind it, and as every partition
    /// meets the same outage, consumption stops and resumes by itself. Anything else is poison and goes
    /// to <c>{queue}_error</c> at once with its reason, since trying again would fail the same way.
    /// </summary>
    private static void ReceiveInboundEvents(this IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, ServiceIdentity service,
        ConsumerRegistry registry)
    {
        cfg.ReceiveEndpoint(InboundQueue(service.Name), e =>
        {
            e.ConfigureConsumeTopology = false;
            foreach (var key in registry.RoutingKeys)
                e.Bind(CrmEvents.Exchange, b => { b.ExchangeType = "topic"; b.RoutingKey = key; });
            e.PrefetchCount = registry.Prefetch;
            e.ConcurrentMessageLimit = registry.Records;
            var order = new DeliveryOrder(InboundQueue(service.Name));
            cfg.ConnectReceiveObserver(order);
            // The record's turn outside, retry inside: while a record's event is being retried its later events wait.
            e.ConfigureConsumer<InboundEventDispatcher>(context, c => c.Message<InboundEvent>(m =>
            {
                m.UseFilter(new DeliveryOrderFilter<InboundEvent>(order));
                m.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientFaults.IsTransient);
                    r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
                });
            }));
        });
    }
}
