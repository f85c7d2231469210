using System.Text;

namespace Crm.Customers.Features;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.</summary>
internal static class Csv
{
    /// <summary>The records of a file, each with the line it starts on (1-based) for error reports.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var (line, start, quoted, atFieldStart) = (1, 1, false, true);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when atFieldStart: quoted = true; atFieldStart = false; break;
                case ',': fields.Add(field.ToString()); field.Clear(); atFieldStart = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) yield return (start, fields);
                    fields = []; line++; start = line; atFieldStart = true;
                    break;
                default: field.Append(c); atFieldStart = false; break;
            }
        }
        fields.Add(field.ToString());
        if (fields.Count > 1 || fields[0].Length > 0) yield return (start, fields);
    }

    /// <summary>
    /// One field, quoted when needed. Text a spreadsheet would run as a formula (= + - @) is
    /// prefixed with an apostrophe: exported customer data must not execute on someone's desk.
    /// </summary>
    public static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
