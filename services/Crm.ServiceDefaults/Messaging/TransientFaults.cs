using System.Net.Sockets;
using Npgsql;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// Faults that pass by themselves: a database or downstream service that cannot be reached or is
/// restarting, a lost race with another writer. A consumer meeting one waits and tries again, however
/// long it takes; only poison goes to the error queue.
/// </summary>
public static class TransientFaults
{
    public static bool IsTransient(Exception exception) => Chain(exception).Any(e => UnavailableItself(e) || LostRace(e) || e is IOException);

    /// <summary>The database or a downstream service cannot be reached (as opposed to a lost race, which is a conflict).</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(UnavailableItself);

    // 08 connection, 53 resources, 57 shutdown and "cannot connect now", 58 system errors, 55000 a database
    // that refuses connections for now; or no answer from PostgreSQL at all: the connection could not be made or was lost.
    private static bool UnavailableItself(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState[..2] is "08" or "53" or "57" or "58" || pg.SqlState == "55000",
        NpgsqlException or TimeoutException or SocketException or HttpRequestException => true,
        _ => false,
    };

    // 40 serialization failure and deadlock, 55 object in use or lock not available; another writer appended to
    // the same stream or created it first: trying again, which reads again, resolves it.
    private static bool LostRace(Exception e) => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState[..2] is "40" or "55",
        JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException => true,
        _ => false,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }
}
