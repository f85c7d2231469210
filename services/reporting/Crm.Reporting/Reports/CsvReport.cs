using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Crm.Reporting.Reports;

/// <summary>
/// Every report answers JSON, or CSV when asked with <c>Accept: text/csv</c>: one row per item, the
/// columns named as in the JSON (camelCase), numbers and times in invariant form.
/// </summary>
public static class CsvReport
{
    public static bool IsWanted(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The report as JSON, or its rows as CSV when the caller asked for CSV.</summary>
    public static IResult Respond<TRow>(HttpContext http, object json, IEnumerable<TRow> rows) =>
        IsWanted(http) ? Results.Text(Write(rows), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(json);

    public static string Write<TRow>(IEnumerable<TRow> rows)
    {
        var columns = typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(c => Escape(JsonNamingPolicy.CamelCase.ConvertName(c.Name)))).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', columns.Select(c => Escape(Format(c.GetValue(row))))).Append("\r\n");
        return csv.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        // A text cell a spreadsheet would run as a formula is kept as text.
        string text when text.Length > 0 && "=+-@".Contains(text[0]) => "'" + text,
        _ => value.ToString() ?? "",
    };

    private static string Escape(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
