using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Crm.Testing;

/// <summary>Free loopback TCP ports for test servers. A port is never handed out twice by one process.</summary>
public static class FreePort
{
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    /// <summary>A port the OS reports free (from its ephemeral range, 32768-60999 on Linux).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (Given.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free TCP port found.");
    }

    /// <summary>
    /// An AMQP port for a RabbitMQ node started by deploy/crm: from 20000-29999, with the management port
    /// (port + 10000) and the Erlang distribution port (port + 20000) free as well. An OS-chosen port would
    /// overflow port + 20000.
    /// </summary>
    public static int NextForRabbitMq()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(20000, 30000);
            if (IsFree(port) && IsFree(port + 10000) && IsFree(port + 20000) && Given.TryAdd(port, true))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port triple (p, p+10000, p+20000) found in 20000-29999.");
    }

    /// <summary>True when nothing listens on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
