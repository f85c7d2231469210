using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.ServiceDefaults.Storage;

/// <summary>
/// Creates the service's own database on first start (local runs, demo, tests). Registered before
/// Marten so the async daemon and start-up work find it; production creates databases by migration.
/// </summary>
internal sealed class ServiceDatabase(string connectionString, ILogger<ServiceDatabase> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(maintenance);
                await connection.OpenAsync(cancellationToken);
                await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = database } } };
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
                await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                logger.LogInformation("Created database {Database}", database);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                return; // another instance created it first
            }
            catch (NpgsqlException e) when (attempt < 30 && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "PostgreSQL not reachable yet to create {Database}; retrying", database);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
