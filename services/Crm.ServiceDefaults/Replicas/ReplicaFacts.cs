using System.Globalization;
using System.Text;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.ServiceDefaults.Replicas;

/// <summary>
/// A replica of another service's records is fed from several queues (one per event type), so the
/// events about one record arrive in any order: a transfer can overtake the registration it follows.
/// Each fact a replica keeps therefore remembers the position, in the owning service's store, of the
/// event that set it, and an event changes a fact only when it is at least as new.
/// </summary>
public static class ReplicaFacts
{
    /// <summary>The position of a fact nothing has stated yet (or one stated by this service itself): any event is newer.</summary>
    public const long Never = -1;

    /// <summary>
    /// The event's position in its service's store (the <c>crm-position</c> header). An event without
    /// one (published by hand, or by an older publisher) counts as position 0: newer than nothing, and
    /// applied in arrival order among its kind.
    /// </summary>
    public static long PositionOf<T>(ConsumeContext<T> context) where T : class
    {
        if (!context.Headers.TryGetHeader(CrmEvents.PositionHeader, out var value)) return 0;
        var text = value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            IConvertible convertible => convertible.ToString(CultureInfo.InvariantCulture),
            _ => value?.ToString(),
        };
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) ? position : 0;
    }

    /// <summary>Whether an event at <paramref name="position"/> may change a fact last set at <paramref name="factAt"/>.</summary>
    public static bool Supersedes(long position, long factAt) => position >= factAt;

    /// <summary>
    /// Serialises the read-modify-write of one replica record across this service's consumers until
    /// the session commits: two events about the same record, consumed at once from different queues,
    /// would otherwise each store their own copy and the later would undo the other's fact.
    /// </summary>
    public static async Task LockAsync(IDocumentSession session, Guid recordId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))", ct, recordId.ToString());
    }
}
