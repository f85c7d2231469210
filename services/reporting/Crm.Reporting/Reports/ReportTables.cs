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

    /// <summary>
    /// SQL: the triggers <c>{name}_insert</c>, <c>_update</c>, <c>_delete</c> and <c>_truncate</c> on <paramref name="source"/>,
    /// once per statement, calling <paramref name="function"/> with the rows a statement took away (<c>old_rows</c>) and
    /// wrote (<c>new_rows</c>); created once, when they are missing, after <paramref name="first"/> (SQL run only then).
    /// </summary>
    public static string StatementTriggersSql(string name, string source, string function, string first = "") => $$"""
        do $do$
        begin
          if not exists (select from pg_trigger where tgname = '{{name}}_insert' and tgrelid = '{{source}}'::regclass) then
            {{first}}
            create trigger {{name}}_insert after insert on {{source}} referencing new table as new_rows
              for each statement execute function {{function}}();
            create trigger {{name}}_update after update on {{source}} referencing old table as old_rows new table as new_rows
              for each statement execute function {{function}}();
            create trigger {{name}}_delete after delete on {{source}} referencing old table as old_rows
              for each statement execute function {{function}}();
            create trigger {{name}}_truncate after truncate on {{source}}
              for each statement execute function {{function}}();
          end if;
        end $do$;
        """;

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
