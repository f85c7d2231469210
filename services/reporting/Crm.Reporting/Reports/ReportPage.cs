using System.Globalization;
using System.Text;

namespace Crm.Reporting.Reports;

/// <summary>
/// The page of a ranked report a caller asked for, as API.md lists are paged: <c>?limit=</c> (default 50,
/// 1 to 500) and the opaque <c>cursor</c> of the previous answer's <c>nextCursor</c>. Reports are worked
/// out afresh on every request, so the cursor is the offset into the ranking: a page after a change in
/// the data continues at the same rank, it does not hold a snapshot.
/// </summary>
/// <remarks>
/// A CSV export asked without <c>limit</c> or <c>cursor</c> is the whole ranking (<see cref="Limit"/>
/// null): BI exports want every row, and a spreadsheet has no use for a cursor.
/// </remarks>
public sealed record ReportPage(long Offset, int? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static readonly string Description =
        $"Paging: limit (1-{MaxLimit}, default {DefaultLimit}) and the nextCursor of the previous page; "
        + "totals and shares are over the whole ranking, not the page. With Accept: text/csv and neither limit nor cursor, every row.";

    public static bool TryRead(HttpContext http, string? limit, string? cursor, out ReportPage page, out IResult refusal)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            errors["limit"] = [$"'limit' is a whole number from 1 to {MaxLimit}."];
        var offset = 0;
        if (cursor is not null && !TryDecode(cursor, out offset))
            errors["cursor"] = ["'cursor' is not one this report handed out."];

        page = new ReportPage(offset, limit is null && cursor is null && CsvReport.IsWanted(http) ? null : size);
        refusal = errors.Count > 0 ? Results.ValidationProblem(errors) : Results.Empty;
        return errors.Count == 0;
    }

    /// <summary>How many rows to read: one more than the page, to know whether another follows.</summary>
    public long Take => Limit is { } limit ? limit + 1 : long.MaxValue - Offset;

    /// <summary>The last rank to read, ranks counting from 1.</summary>
    public long Through => Offset + Take;

    /// <summary>The page of the rows read up to <see cref="Through"/>, and the cursor of the next one (null on the last page).</summary>
    public (IReadOnlyList<T> Items, string? NextCursor) Of<T>(IReadOnlyList<T> fetched) =>
        Limit is { } limit && fetched.Count > limit
            ? (fetched.Take(limit).ToList(), Encode(Offset + limit))
            : (fetched, null);

    private static string Encode(long offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"o:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static bool TryDecode(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
