using System.Security.Cryptography;
using System.Text;
using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// Any public event as it arrives on a service's inbound queue, before its <c>ce-type</c> says what it is.
/// Raw JSON carries no message type, so the queue is read as this one type and dispatched by hand.
/// </summary>
public sealed record InboundEvent;

/// <summary>Hands each inbound event to the consumers registered for its type, in the consumer scope MassTransit opened.</summary>
internal sealed class InboundEventDispatcher(IServiceProvider scope, InboundRoutes routes) : IConsumer<InboundEvent>
{
    public async Task Consume(ConsumeContext<InboundEvent> context)
    {
        foreach (var route in routes.For(context))
            await route.Dispatch(context, scope);
    }
}

/// <summary>The service's routes, looked up by <c>ce-type</c>, else by the routing key the event was published with.</summary>
internal sealed class InboundRoutes(ConsumerRegistry registry)
{
    private readonly (System.Collections.Frozen.FrozenDictionary<string, EventRoute[]> ByType,
        System.Collections.Frozen.FrozenDictionary<string, EventRoute[]> ByRoutingKey) index = registry.Index();

    public EventRoute[] For(ConsumeContext context)
    {
        if (context.Headers.Get<string>(CrmEvents.TypeHeader) is { Length: > 0 } type)
            return index.ByType.TryGetValue(type, out var byType)
                ? byType
                : throw new PoisonEventException($"No consumer here handles events of type '{type}'.");
        var routingKey = RoutingKeyOf(context);
        return routingKey is not null && index.ByRoutingKey.TryGetValue(routingKey, out var byKey)
            ? byKey
            : throw new PoisonEventException($"The event has no ce-type header and its routing key '{routingKey}' names no event consumed here.");
    }

    private static string? RoutingKeyOf(ConsumeContext context) =>
        context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.RoutingKey : null;
}

/// <summary>The record an event is about (<c>ce-subject</c>): its events are handled one after the other, in order.</summary>
internal static class EventPartition
{
    public static Guid KeyOf(Headers headers)
    {
        var subject = headers.Get<string>(CrmEvents.SubjectHeader);
        if (Guid.TryParse(subject, out var id)) return id;
        if (subject is { Length: > 0 }) return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));
        // Without a subject nothing orders it against other events.
        return Guid.NewGuid();
    }
}
