using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// Hands a record's events to their consumers one at a time, in the order the broker delivered them.
/// </summary>
/// <remarks>
/// RabbitMQ delivers a queue in order, but MassTransit hands deliveries to several workers at once, and
/// they reach the consumer in any order: a partitioner keeps a record's events apart, not in order (a
/// test saw a record's seventh event recorded first). So each delivery is noted as it enters the receive
/// pipeline, by its delivery tag (consecutive on a channel), and waits before its consumer until every
/// earlier delivery was noted and the earlier ones about its record (<c>ce-subject</c>) are done.
/// </remarks>
internal sealed class DeliveryOrder(string queue) : IReceiveObserver
{
    /// <summary>How long a delivery waits for an earlier one that was never noted (its channel closed meanwhile).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock sync = new();
    private readonly Dictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private string? newest;

    public Task PreReceive(ReceiveContext context)
    {
        if (context is RabbitMqBasicConsumeContext delivery && IsMine(context))
            lock (sync) LaneOf(delivery.ConsumerTag).Note(delivery.DeliveryTag, EventPartition.KeyOf(context.TransportHeaders));
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        Done(context);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Done(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    /// <summary>Waits for the delivery's turn.</summary>
    public async Task WaitTurnAsync(ReceiveContext context, CancellationToken ct)
    {
        if (context is not RabbitMqBasicConsumeContext delivery) return;
        Task turn;
        lock (sync) turn = LaneOf(delivery.ConsumerTag).Turn(delivery.DeliveryTag);
        try
        {
            await turn.WaitAsync(Patience, ct);
        }
        catch (TimeoutException)
        {
            // An earlier delivery never entered the pipeline: its channel is gone and the broker will deliver it again.
        }
    }

    /// <summary>Ends the delivery's turn: the next event about its record may go.</summary>
    public void Done(ReceiveContext context)
    {
        if (context is not RabbitMqBasicConsumeContext delivery) return;
        lock (sync)
        {
            if (!lanes.TryGetValue(delivery.ConsumerTag, out var lane)) return;
            lane.Done(delivery.DeliveryTag);
            if (lane.IsEmpty && delivery.ConsumerTag != newest) lanes.Remove(delivery.ConsumerTag);
        }
    }

    private bool IsMine(ReceiveContext context) => context.InputAddress.AbsolutePath.EndsWith($"/{queue}", StringComparison.Ordinal);

    private Lane LaneOf(string consumerTag)
    {
        if (!lanes.TryGetValue(consumerTag, out var lane))
        {
            lanes[consumerTag] = lane = new Lane();
            newest = consumerTag;
        }
        return lane;
    }

    /// <summary>The deliveries of one consumer (one channel): its tags count up from 1.</summary>
    private sealed class Lane
    {
        private readonly Dictionary<ulong, (Guid Record, TaskCompletionSource Go)> noted = [];
        private readonly Dictionary<Guid, SortedSet<ulong>> byRecord = [];
        private readonly SortedSet<ulong> ahead = [];    // noted tags past an unnoted one
        private readonly SortedSet<ulong> waiting = [];  // first of their record, waiting for earlier tags to be noted
        private ulong contiguous;                        // every tag up to this one was noted

        public bool IsEmpty => noted.Count == 0;

        public void Note(ulong tag, Guid record)
        {
            if (tag <= contiguous || ahead.Contains(tag)) return;
            noted[tag] = (record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (!byRecord.TryGetValue(record, out var queue)) byRecord[record] = queue = [];
            if (queue.Count > 0 && tag < queue.Min) waiting.Remove(queue.Min);
            queue.Add(tag);

            if (tag == contiguous + 1)
                for (contiguous = tag; ahead.Remove(contiguous + 1); contiguous++) { }
            else
                ahead.Add(tag);

            if (queue.Min == tag) Consider(tag);
            while (waiting.Count > 0 && waiting.Min <= contiguous)
            {
                var first = waiting.Min;
                waiting.Remove(first);
                noted[first].Go.TrySetResult();
            }
        }

        public Task Turn(ulong tag) => noted.TryGetValue(tag, out var entry) ? entry.Go.Task : Task.CompletedTask;

        public void Done(ulong tag)
        {
            if (!noted.Remove(tag, out var entry)) return;
            entry.Go.TrySetResult();
            waiting.Remove(tag);
            var queue = byRecord[entry.Record];
            var wasFirst = queue.Min == tag;
            queue.Remove(tag);
            if (queue.Count == 0) byRecord.Remove(entry.Record);
            else if (wasFirst) Consider(queue.Min);
        }

        private void Consider(ulong first)
        {
            if (first <= contiguous) noted[first].Go.TrySetResult();
            else waiting.Add(first);
        }
    }
}

/// <summary>Waits for a delivery's turn before its consumer, ends the turn after it (retries included).</summary>
internal sealed class DeliveryOrderFilter<T>(DeliveryOrder order) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await order.WaitTurnAsync(context.ReceiveContext, context.CancellationToken);
        try
        {
            await next.Send(context);
        }
        finally
        {
            order.Done(context.ReceiveContext);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("delivery-order");
}
