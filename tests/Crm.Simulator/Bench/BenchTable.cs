using System.Globalization;
using System.Text;

namespace Crm.Simulator.Bench;

/// <summary>One measured figure: what it is, the command that produced it, and its numbers (null: not applicable).</summary>
public sealed record BenchRow(
    string Figure, string Command, double? Rate = null, string RateUnit = "req/s",
    double? P50 = null, double? P95 = null, double? P99 = null, long? Ok = null, long? Errors = null, string Note = "");

/// <summary>The one table bench prints (markdown), and the file it also goes to.</summary>
public sealed class BenchTable
{
    private readonly List<BenchRow> rows = [];
    private readonly List<string> header = [];

    public IReadOnlyList<BenchRow> Rows => rows;

    public void Header(string line) => header.Add(line);

    public void Add(BenchRow row)
    {
        rows.Add(row);
        Console.WriteLine($"[bench] {row.Figure}: {Format(row)}");
    }

    /// <summary>Adds a remark to the row added last (e.g. a route that answers an error).</summary>
    public void NoteLast(string note) => rows[^1] = rows[^1] with { Note = rows[^1].Note.Length == 0 ? note : $"{rows[^1].Note}; {note}" };

    private static string Format(BenchRow r) =>
        $"{Number(r.Rate)} {r.RateUnit}, p50 {Number(r.P50)} ms, p95 {Number(r.P95)} ms, p99 {Number(r.P99)} ms, ok {r.Ok?.ToString(CultureInfo.InvariantCulture) ?? "-"}, errors {r.Errors?.ToString(CultureInfo.InvariantCulture) ?? "-"} {r.Note}";

    public static string Number(double? value) => value switch
    {
        null => "-",
        >= 100 => value.Value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => value.Value.ToString("F2", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F3", CultureInfo.InvariantCulture),
    };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (var line in header) text.Append("- ").AppendLine(line);
        text.AppendLine();
        text.AppendLine("| Figure | Rate | p50 ms | p95 ms | p99 ms | ok | errors | Notes | Produced by |");
        text.AppendLine("|:--|--:|--:|--:|--:|--:|--:|:--|:--|");
        foreach (var r in rows)
        {
            var rate = r.Rate is null ? "-" : $"{Number(r.Rate)} {r.RateUnit}";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Cell(r.Figure)} | {rate} | {Number(r.P50)} | {Number(r.P95)} | {Number(r.P99)} | {r.Ok?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {r.Errors?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {Cell(r.Note)} | `{r.Command.Replace("`", "'", StringComparison.Ordinal)}` |"));
        }
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

/// <summary>Latencies of one run, in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> values = [];
    private long ok, errors;

    public long Ok => Interlocked.Read(ref ok);
    public long Errors => Interlocked.Read(ref errors);

    public void Record(double milliseconds, bool success)
    {
        lock (values) values.Add(milliseconds);
        if (success) Interlocked.Increment(ref ok); else Interlocked.Increment(ref errors);
    }

    public double? Percentile(double p)
    {
        lock (values)
        {
            if (values.Count == 0) return null;
            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }

    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
