using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// The conditions of a grouped SQL query over report documents, with Marten's positional
/// parameters. Used where a report groups by something LINQ cannot express (local days in a
/// branch's time zone, the elements of a JSON array); everything else stays in LINQ.
/// </summary>
public sealed class SqlWhere
{
    private readonly List<string> conditions = [];
    private readonly List<object> parameters = [];

    public SqlWhere(params string[] fixedConditions) => conditions.AddRange(fixedConditions);

    /// <summary>A report document's table, as Marten names it, created first where schema changes are automatic and no row was written yet.</summary>
    public static async Task<string> TableAsync<T>(IDocumentStore store, CancellationToken ct)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(T), ct);
        return $"{store.Options.DatabaseSchemaName}.mt_doc_{typeof(T).Name.ToLowerInvariant()}";
    }

    public SqlWhere Add(string condition, params object[] values)
    {
        conditions.Add(condition);
        parameters.AddRange(values);
        return this;
    }

    /// <summary>Branch and owner scope of the caller, on a document aliased <paramref name="alias"/>.</summary>
    public SqlWhere Scoped(ReportScope scope, string alias, string ownerField)
    {
        if (scope.Branch is not null) Add($"{alias}.data ->> 'branch' = ?", scope.Branch);
        if (scope.OwnerId is { } owner) Add($"CAST({alias}.data ->> '{ownerField}' as uuid) = ?", owner);
        return this;
    }

    public string Sql => conditions.Count == 0 ? "true" : string.Join(" and ", conditions);
    public object[] Parameters => [.. parameters];
}
