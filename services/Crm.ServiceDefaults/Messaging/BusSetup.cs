using System.Text.RegularExpressions;
using Crm.Revocation;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>What a service consumes: each consumer handles one public event on a queue of its own.</summary>
public sealed class ConsumerRegistry
{
    internal List<(Type Consumer, Type Contract, string Queue)> Consumers { get; } = [];

    /// <summary>
    /// Raw JSON carries no message type, so a queue must hold one event type: each consumer gets a
    /// queue bound to <c>crm.events</c> with that event's routing key.
    /// </summary>
    /// <param name="queue">The queue's name after the service prefix; the consumer's name in kebab case by default
    /// (generic consumers, which serve several events, name one per event).</param>
    public ConsumerRegistry Consume<TConsumer, TContract>(string? queue = null)
        where TConsumer : class, IConsumer<TContract> where TContract : class
    {
        Consumers.Add((typeof(TConsumer), typeof(TContract), queue ?? BusSetup.Kebab(typeof(TConsumer).Name)));
        return this;
    }
}

internal static partial class BusSetup
{
    public static void AddCrmBus(this IServiceCollection services, IConfiguration configuration, ServiceIdentity service, ConsumerRegistry registry)
    {
        var rabbit = new Uri(configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@127.0.0.1:5672/");
        services.AddMassTransit(x =>
        {
            foreach (var (consumer, _, _) in registry.Consumers) x.AddConsumer(consumer);

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

                foreach (var (consumer, contract, queue) in registry.Consumers)
                {
                    var description = CrmEvents.Describe(contract);
                    cfg.ReceiveEndpoint($"{service.Name}.{queue}", e =>
                    {
                        e.ConfigureConsumeTopology = false;
                        e.Bind(CrmEvents.Exchange, b =>
                        {
                            b.ExchangeType = "topic";
                            b.RoutingKey = description.RoutingKey;
                        });
                        // Bounded in-process retries (no delayed-message plugin), then the _error
                        // queue with the exception in its headers; other messages keep flowing.
                        e.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
                        e.ConfigureConsumer(context, consumer);
                    });
                }
            });
        });
    }

    internal static string Kebab(string name) => KebabBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
