using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Crm.Testing;

/// <summary>
/// The PostgreSQL server and RabbitMQ broker shared by every test in the process. Found, in this order:
/// <list type="number">
/// <item><c>CRM_TEST_POSTGRES</c> / <c>CRM_TEST_RABBITMQ</c> (+ <c>CRM_TEST_RABBITMQ_MANAGEMENT</c>), as set by <c>./deploy/crm test</c>;</item>
/// <item>Testcontainers, when <c>DOCKER_HOST</c> is set or <c>/var/run/docker.sock</c> exists;</item>
/// <item>plain processes started by <c>deploy/crm infra start --test</c> on free ports in a temp folder, stopped at process exit;</item>
/// <item>otherwise an exception naming <c>./deploy/crm setup</c>.</item>
/// </list>
/// Isolate tests with <see cref="CreateDatabaseAsync"/> and <see cref="CreateVirtualHostAsync"/>.
/// </summary>
public sealed class TestInfrastructure
{
    private static readonly Lazy<Task<TestInfrastructure>> Instance = new(ResolveAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private TestInfrastructure(string postgres, Uri rabbitMq, Uri management, string source, string? stateDirectory)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" };
        PostgresConnectionString = builder.ConnectionString;
        RabbitMqUri = rabbitMq;
        RabbitMqManagementUri = management;
        Source = source;
        StateDirectory = stateDirectory;
    }

    /// <summary>Server-level connection string (database <c>postgres</c>), superuser.</summary>
    public string PostgresConnectionString { get; }

    /// <summary>AMQP URI of the broker (default virtual host), as an administrator.</summary>
    public Uri RabbitMqUri { get; }

    /// <summary>Management HTTP API base, credentials in the user-info part.</summary>
    public Uri RabbitMqManagementUri { get; }

    /// <summary>Where the infrastructure came from: environment, testcontainers or processes.</summary>
    public string Source { get; }

    /// <summary>The deploy/crm state folder when started as plain processes (or given by CRM_TEST_RABBITMQ_STATE).</summary>
    public string? StateDirectory { get; }

    public static Task<TestInfrastructure> GetAsync() => Instance.Value;

    /// <summary>Creates a database with a unique name (optionally a copy of <paramref name="template"/>) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, string? template = null)
    {
        var name = $"{Sanitize(prefix, '_')}_{Guid.NewGuid():N}";   // at most 28 + 1 + 32 < 63 characters
        await using (var connection = new NpgsqlConnection(PostgresConnectionString))
        {
            await connection.OpenAsync();
            var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Makes <paramref name="database"/> refuse new connections and drops its open ones, as a database that went
    /// away would (<paramref name="refuse"/>), or lets connections in again.
    /// </summary>
    public async Task RefuseConnectionsAsync(string database, bool refuse)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH ALLOW_CONNECTIONS {(refuse ? "false" : "true")}", connection);
        await command.ExecuteNonQueryAsync();
        if (!refuse) return;
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", connection);
        terminate.Parameters.AddWithValue(database);
        await terminate.ExecuteScalarAsync();
    }

    /// <summary>Creates a virtual host with a unique name, grants the broker user full rights on it, returns its AMQP URI.</summary>
    public async Task<Uri> CreateVirtualHostAsync(string prefix)
    {
        var vhost = $"{Sanitize(prefix, '-')}-{Guid.NewGuid():N}";
        var amqpUser = Uri.UnescapeDataString(RabbitMqUri.UserInfo.Split(':')[0]);
        await ManagementPutAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}", "{}");
        await ManagementPutAsync(
            $"api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(amqpUser)}",
            "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        // As deploy/crm sets up a broker: an event no queue is bound to is kept in crm.unrouted.
        var v = Uri.EscapeDataString(vhost);
        await ManagementPutAsync($"api/exchanges/{v}/crm.unrouted", "{\"type\":\"fanout\",\"durable\":true}");
        await ManagementPutAsync($"api/queues/{v}/crm.unrouted", "{\"durable\":true,\"arguments\":{\"x-max-length\":100000,\"x-message-ttl\":604800000}}");
        await Management().PostAsync($"api/bindings/{v}/e/crm.unrouted/q/crm.unrouted", "{}");
        await ManagementPutAsync($"api/policies/{v}/crm-events-unrouted",
            "{\"pattern\":\"^crm\\\\.events$\",\"apply-to\":\"exchanges\",\"definition\":{\"alternate-exchange\":\"crm.unrouted\"}}");
        return new UriBuilder(RabbitMqUri) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri;
    }

    private Task ManagementPutAsync(string relative, string json) => Management().PutAsync(relative, json);

    private RabbitManagement Management() =>
        new(RabbitMqManagementUri.UserInfo.Length > 0
            ? RabbitMqManagementUri
            : new UriBuilder(RabbitMqManagementUri) { UserName = RabbitMqUri.UserInfo.Split(':')[0], Password = RabbitMqUri.UserInfo.Split(':', 2)[^1] }.Uri);

    private static string Sanitize(string prefix, char separator)
    {
        var chars = prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : separator).ToArray();
        var s = new string(chars).Trim(separator);
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            s = "t" + separator + s;
        }

        return s.Length > 28 ? s[..28] : s;
    }

    private static async Task<TestInfrastructure> ResolveAsync()
    {
        var fromEnvironment = FromEnvironment();
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        Exception? dockerFailure = null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock"))
        {
            try
            {
                return await FromTestcontainersAsync();
            }
            catch (DockerUnavailableException e)
            {
                dockerFailure = e;   // a socket but no engine: try plain processes
            }
        }

        if (CrmScript.CanStartProcesses(needPostgres: true))
        {
            return await FromProcessesAsync();
        }

        throw new InvalidOperationException(CrmScript.SetupHint, dockerFailure);
    }

    private static TestInfrastructure? FromEnvironment()
    {
        var postgres = Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("CRM_TEST_RABBITMQ");
        if (string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(rabbit))
        {
            return null;
        }

        var amqp = new Uri(rabbit);
        var management = Environment.GetEnvironmentVariable("CRM_TEST_RABBITMQ_MANAGEMENT");
        var managementUri = string.IsNullOrWhiteSpace(management)
            ? new UriBuilder("http", amqp.Host, 15672) { UserName = UserOf(amqp), Password = PasswordOf(amqp) }.Uri
            : new Uri(management);
        var state = Environment.GetEnvironmentVariable("CRM_TEST_RABBITMQ_STATE");
        return new TestInfrastructure(postgres, amqp, managementUri, "environment", string.IsNullOrWhiteSpace(state) ? null : state);
    }

    private static async Task<TestInfrastructure> FromTestcontainersAsync()
    {
        var postgres = new PostgreSqlBuilder("postgres:15-alpine")
            .WithUsername("postgres")
            .WithPassword("crm")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
            .Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management-alpine")
            .WithUsername("crm")
            .WithPassword("crm")
            .WithPortBinding(15672, true)
            .Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            Task.WaitAll([postgres.DisposeAsync().AsTask(), rabbit.DisposeAsync().AsTask()], TimeSpan.FromSeconds(30));

        var amqp = new Uri(rabbit.GetConnectionString());
        var management = new UriBuilder("http", rabbit.Hostname, rabbit.GetMappedPublicPort(15672)) { UserName = "crm", Password = "crm" }.Uri;
        return new TestInfrastructure(postgres.GetConnectionString(), amqp, management, "testcontainers", null);
    }

    private static async Task<TestInfrastructure> FromProcessesAsync()
    {
        InvalidOperationException? last = null;
        for (var attempt = 0; attempt < 2; attempt++)   // a second try on fresh ports if one was taken meanwhile
        {
            var dir = CrmScript.NewStateDirectory("infra");
            var pgPort = FreePort.Next();
            var amqpPort = FreePort.NextForRabbitMq();
            try
            {
                await CrmScript.RunAsync(
                    TimeSpan.FromMinutes(3),
                    "infra", "start", "--test", "--dir", dir,
                    "--pg-port", pgPort.ToString(), "--amqp-port", amqpPort.ToString(), "--mgmt-port", (amqpPort + 10000).ToString(),
                    "--owner-pid", Environment.ProcessId.ToString());
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await CrmScript.StopAndPurgeAsync(dir);
                continue;
            }

            return new TestInfrastructure(
                $"Host=127.0.0.1;Port={pgPort};Username=postgres;Password=crm",
                new Uri($"amqp://crm:crm@127.0.0.1:{amqpPort}/"),
                new Uri($"http://crm:crm@127.0.0.1:{amqpPort + 10000}/"),
                "processes",
                dir);
        }

        throw last!;
    }

    private static string UserOf(Uri uri) => Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);

    private static string PasswordOf(Uri uri) => uri.UserInfo.Contains(':', StringComparison.Ordinal)
        ? Uri.UnescapeDataString(uri.UserInfo[(uri.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..])
        : "";
}
