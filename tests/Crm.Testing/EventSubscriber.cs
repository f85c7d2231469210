using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Crm.Testing;

/// <summary>One event as an external system sees it: plain JSON and CloudEvents-style headers.</summary>
public sealed record ReceivedEvent(string RoutingKey, JsonElement Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// An external subscriber written with plain RabbitMQ.Client, as an ERP or BI team would: its own
/// queue bound to <c>crm.events</c>, no MassTransit, no .NET types from the CRM.
/// </summary>
public sealed class EventSubscriber : IAsyncDisposable
{
    public const string Exchange = "crm.events";
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly ConcurrentQueue<ReceivedEvent> received = new();

    private EventSubscriber(IConnection connection, IChannel channel) => (this.connection, this.channel) = (connection, channel);

    public IReadOnlyCollection<ReceivedEvent> Received => received.ToArray();

    public static async Task<EventSubscriber> BindAsync(Uri amqp, string bindingKey)
    {
        var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync($"subscriber.test-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, Exchange, bindingKey);
        var subscriber = new EventSubscriber(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var headers = (delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .ToDictionary(h => h.Key, h => h.Value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => "", var v => v.ToString() ?? "" });
            using var json = JsonDocument.Parse(delivery.Body);
            subscriber.received.Enqueue(new ReceivedEvent(delivery.RoutingKey, json.RootElement.Clone(), headers));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return subscriber;
    }

    /// <summary>Publishes a raw event on crm.events, as a redelivery or another service would.</summary>
    public static Task PublishAsync(Uri amqp, string routingKey, object body, IDictionary<string, string> headers) =>
        PublishAsync(amqp, Exchange, routingKey, body, headers);

    /// <summary>Puts a raw event straight into <paramref name="queue"/> (through the default exchange), as if it had been parked there.</summary>
    public static Task PutInQueueAsync(Uri amqp, string queue, object body, IDictionary<string, string> headers) =>
        PublishAsync(amqp, "", queue, body, headers);

    private static async Task PublishAsync(Uri amqp, string exchange, string routingKey, object body, IDictionary<string, string> headers)
    {
        await using var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = headers.TryGetValue("ce-id", out var id) ? id : null,
            Headers = headers.ToDictionary(h => h.Key, h => (object?)h.Value),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, bytes);
    }

    /// <summary>Publishes many raw events on crm.events over one channel, each confirmed, as a busy source service would.</summary>
    public static async Task PublishManyAsync(Uri amqp, IEnumerable<(string RoutingKey, object Body, IDictionary<string, string> Headers)> events)
    {
        await using var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        // A few hundred in flight at a time, each awaited for the broker's confirmation.
        foreach (var batch in events.Chunk(200))
            await Task.WhenAll(batch.Select(e =>
            {
                var (routingKey, body, headers) = e;
                var properties = new BasicProperties
                {
                    ContentType = "application/json",
                    DeliveryMode = DeliveryModes.Persistent,
                    MessageId = headers.TryGetValue("ce-id", out var id) ? id : null,
                    Headers = headers.ToDictionary(h => h.Key, h => (object?)h.Value),
                };
                return channel.BasicPublishAsync(Exchange, routingKey, mandatory: false, properties, JsonSerializer.SerializeToUtf8Bytes(body, options)).AsTask();
            }));
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
