using JasperFx;
using Marten;
using MassTransit;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>One processed event, recorded in the same transaction as the consumer's effects.</summary>
public sealed record InboxEntry(string Id, Guid EventId, string Consumer, DateTimeOffset ProcessedAt);

/// <summary>
/// Delivery is at least once; the inbox makes every consumer's effects happen once. The entry and
/// the effects commit together, so a redelivered event (or two deliveries racing) changes nothing.
/// </summary>
public static class Inbox
{
    public static async Task<bool> ProcessOnceAsync<T>(
        this IDocumentStore store, ConsumeContext<T> context, string consumer,
        Func<IDocumentSession, Task> effects, TimeProvider? time = null) where T : class
    {
        var eventId = EventIdOf(context);
        var id = $"{consumer}:{eventId}";
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<InboxEntry>(id, context.CancellationToken) is not null) return false;

        session.Insert(new InboxEntry(id, eventId, consumer, (time ?? TimeProvider.System).GetUtcNow()));
        await effects(session);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
            return true;
        }
        catch (DocumentAlreadyExistsException)
        {
            return false; // another delivery of the same event won the race; its effects stand
        }
    }

    public static Guid EventIdOf<T>(ConsumeContext<T> context) where T : class =>
        context.Headers.Get<string>(CrmEvents.IdHeader) is { } header && Guid.TryParse(header, out var id)
            ? id
            : context.MessageId ?? throw new InvalidOperationException("An integration event arrived without an id (ce-id or message id).");
}
