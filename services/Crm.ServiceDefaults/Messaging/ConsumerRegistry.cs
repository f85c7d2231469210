using System.Collections.Frozen;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// What a service consumes. Every event it consumes arrives on the service's one inbound queue and is
/// handed, by its <c>ce-type</c>, to each consumer registered for that contract.
/// </summary>
public sealed class ConsumerRegistry
{
    private readonly List<EventRoute> routes = [];

    public ConsumerRegistry Consume<TConsumer, TContract>()
        where TConsumer : class, IConsumer<TContract> where TContract : class
    {
        routes.Add(new EventRoute(typeof(TConsumer), typeof(TContract), CrmEvents.Describe(typeof(TContract)), DispatchAsync<TConsumer, TContract>));
        return this;
    }

    /// <summary>
    /// How many records are handled at once (each record's events one after the other) and how many
    /// events are fetched ahead of them. A consumer that records in batches wants many of both.
    /// </summary>
    public ConsumerRegistry Concurrency(int records, int prefetch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(records, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, records);
        (Records, Prefetch) = (records, prefetch);
        return this;
    }

    internal int Records { get; private set; } = 16;

    internal int Prefetch { get; private set; } = 64;

    internal IReadOnlyList<EventRoute> Routes => routes;

    internal IEnumerable<string> RoutingKeys => routes.Select(r => r.Description.RoutingKey).Distinct(StringComparer.Ordinal);

    /// <summary>The routes by CloudEvents type and by routing key (the same event named twice: headers may lack <c>ce-type</c>).</summary>
    internal (FrozenDictionary<string, EventRoute[]> ByType, FrozenDictionary<string, EventRoute[]> ByRoutingKey) Index() => (
        routes.GroupBy(r => r.Description.CloudEventType, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal),
        routes.GroupBy(r => r.Description.RoutingKey, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    private static Task DispatchAsync<TConsumer, TContract>(ConsumeContext context, IServiceProvider scope)
        where TConsumer : class, IConsumer<TContract> where TContract : class
    {
        if (!context.TryGetMessage<TContract>(out var typed))
            throw new PoisonEventException($"The body could not be read as {typeof(TContract).Name}.");
        return scope.GetRequiredService<TConsumer>().Consume(typed);
    }
}

/// <summary>One consumer of one public event.</summary>
internal sealed record EventRoute(
    Type Consumer, Type Contract, Crm.Contracts.IntegrationEventAttribute Description, Func<ConsumeContext, IServiceProvider, Task> Dispatch);

/// <summary>An event that can never be handled as it is (unreadable, unknown, or breaking its contract): it goes to the error queue with this reason.</summary>
public sealed class PoisonEventException(string message, Exception? inner = null) : Exception(message, inner);
