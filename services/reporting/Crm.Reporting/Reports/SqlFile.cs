using System.Collections.Concurrent;

namespace Crm.Reporting.Reports;

/// <summary>
/// SQL kept in a <c>.sql</c> file beside the code that runs it (an embedded resource), read once per schema with
/// <c>{schema}</c> replaced. A file is one script (<see cref="Script"/>) or several statements, each under a
/// <c>-- name: ...</c> line (<see cref="Statement"/>). Comment lines are for the reader and are not sent.
/// </summary>
public sealed class SqlFile
{
    private static readonly ConcurrentDictionary<(string Path, string Schema), SqlFile> Read = new();

    private const string NameMark = "-- name:";

    private readonly string path;
    private readonly Dictionary<string, string> statements = new(StringComparer.Ordinal);

    /// <summary>The whole file, for a script run as one command.</summary>
    public string Script { get; }

    private SqlFile(string path, string text)
    {
        this.path = path;
        var script = new List<string>();
        var named = new List<(string Name, List<string> Lines)>();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith(NameMark, StringComparison.Ordinal)) named.Add((trimmed[NameMark.Length..].Trim(), []));
            else if (!trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                script.Add(line);
                if (named.Count > 0) named[^1].Lines.Add(line);
            }
        }
        Script = string.Join('\n', script).Trim();
        // A queued command is one statement: without the semicolon that ends it in the file.
        foreach (var (name, lines) in named) statements.Add(name, string.Join('\n', lines).Trim().TrimEnd(';').TrimEnd());
    }

    /// <summary>The file at <paramref name="path"/> (from the project's root, e.g. <c>Orders/Attribution/order-sale-rows.sql</c>) for <paramref name="schema"/>.</summary>
    public static SqlFile Of(string path, string schema) => Read.GetOrAdd((path, schema), key =>
    {
        var resource = $"{typeof(SqlFile).Assembly.GetName().Name}.{key.Path.Replace('/', '.')}";
        using var stream = typeof(SqlFile).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded SQL file {key.Path} ({resource}).");
        using var reader = new StreamReader(stream);
        return new SqlFile(key.Path, reader.ReadToEnd().Replace("{schema}", key.Schema, StringComparison.Ordinal));
    });

    /// <summary>
    /// The statement named <paramref name="name"/>, each of its <c>{placeholders}</c> in <paramref name="fill"/> replaced by
    /// the SQL given (a condition, a sub-query); positional parameters (<c>?</c>) are left for the caller's values.
    /// </summary>
    public string Statement(string name, params (string Placeholder, string Sql)[] fill)
    {
        if (!statements.TryGetValue(name, out var sql)) throw new InvalidOperationException($"{path} has no statement named {name}.");
        foreach (var (placeholder, value) in fill)
        {
            var token = $"{{{placeholder}}}";
            if (!sql.Contains(token, StringComparison.Ordinal)) throw new InvalidOperationException($"{path}: {name} has no {token}.");
            sql = sql.Replace(token, value, StringComparison.Ordinal);
        }
        return sql;
    }
}
