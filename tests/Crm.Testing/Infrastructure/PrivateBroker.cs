namespace Crm.Testing;

/// <summary>
/// A RabbitMQ node of its own (deploy/crm infra start --rabbit-only), for tests that take the broker down
/// and bring it back: same data, same port. Needs RabbitMQ installed (./deploy/crm setup); not Docker.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string stateDirectory;
    private int disposed;

    private PrivateBroker(string stateDirectory, int amqpPort)
    {
        this.stateDirectory = stateDirectory;
        AmqpPort = amqpPort;
        AmqpUri = new Uri($"amqp://crm:crm@127.0.0.1:{amqpPort}/");
        ManagementUri = new Uri($"http://crm:crm@127.0.0.1:{amqpPort + 10000}/");
    }

    public int AmqpPort { get; }

    /// <summary>amqp://crm:crm@127.0.0.1:port/ (administrator, default virtual host).</summary>
    public Uri AmqpUri { get; }

    /// <summary>Management HTTP API base with the crm credentials in the user-info part.</summary>
    public Uri ManagementUri { get; }

    /// <summary>False between <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>.</summary>
    public bool IsRunning { get; private set; }

    public static async Task<PrivateBroker> StartAsync()
    {
        if (!CrmScript.CanStartProcesses(needPostgres: false))
        {
            throw new InvalidOperationException("A private RabbitMQ node needs rabbitmq-server installed: run `sudo ./deploy/crm setup`.");
        }

        InvalidOperationException? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var dir = CrmScript.NewStateDirectory("broker");
            var port = FreePort.NextForRabbitMq();
            try
            {
                await CrmScript.RunAsync(
                    TimeSpan.FromMinutes(2),
                    "infra", "start", "--rabbit-only", "--dir", dir,
                    "--amqp-port", port.ToString(), "--mgmt-port", (port + 10000).ToString(),
                    "--owner-pid", Environment.ProcessId.ToString());
                return new PrivateBroker(dir, port) { IsRunning = true };
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await CrmScript.StopAndPurgeAsync(dir);
            }
        }

        throw last!;
    }

    /// <summary>Takes the broker down. Clean stop (~7 s) by default; <paramref name="kill"/> = SIGKILL, like a crash, at once.</summary>
    public async Task StopAsync(bool kill = false)
    {
        await CrmScript.RunAsync(TimeSpan.FromMinutes(1), kill
            ? ["infra", "stop-rabbit", stateDirectory, "--kill"]
            : ["infra", "stop-rabbit", stateDirectory]);
        IsRunning = false;
    }

    /// <summary>Starts the same node again: same port, same data (users, durable queues).</summary>
    public async Task StartAgainAsync()
    {
        await CrmScript.RunAsync(TimeSpan.FromMinutes(2), "infra", "start-rabbit", stateDirectory);
        IsRunning = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            IsRunning = false;
            await CrmScript.StopAndPurgeAsync(stateDirectory);
        }
    }
}
