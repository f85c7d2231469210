using System.Collections.Concurrent;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// Reporting's own SQL tables (narrow rows the reports read, kept beside Marten's documents): created
/// once per database and process, each set by one DDL script run under an advisory lock in one
/// transaction, so that two processes creating them at once do not collide.
/// </summary>
public static class ReportTables
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Ensured = new();

    /// <summary>Runs <paramref name="ddl"/> (after the documents it reads exist) the first time <paramref name="name"/> is asked for on this database.</summary>
    public static Task EnsureAsync(IDocumentStore store, string name, Type[] documents, Func<string, string> ddl, CancellationToken ct)
    {
        var key = $"{name}|{store.Options.DatabaseSchemaName}|{store.Storage.Database.CreateConnection().ConnectionString}";
        var task = Ensured.GetOrAdd(key, _ => new Lazy<Task>(() => CreateAsync(store, name, documents, ddl))).Value;
        if (task.IsFaulted) Ensured.TryRemove(key, out _);
        return task.WaitAsync(ct);
    }

    private static async Task CreateAsync(IDocumentStore store, string name, Type[] documents, Func<string, string> ddl)
    {
        foreach (var document in documents) await store.Storage.Database.EnsureStorageExistsAsync(document);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"select pg_advisory_xact_lock(hashtextextended('crm-reporting-ddl:{name}', 0));\n{ddl(store.Options.DatabaseSchemaName)}";
        await using var tx = await connection.BeginTransactionAsync();
        command.Transaction = tx;
        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
