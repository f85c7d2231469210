using System.Globalization;
using Crm.ServiceDefaults.Http;

namespace Crm.Reporting.Reports;

/// <summary>
/// The page of a ranked report a caller asked for, as API.md lists are paged: <c>?limit=</c> (default 50,
/// 1 to 500) and the opaque <c>cursor</c> of the previous answer's <c>nextCursor</c>. The cursor is the
/// offset into the ranking: a page after a change in the data continues at the same rank, it does not hold
/// a snapshot (a kept page or ranking is given again only while it is current: <see cref="ReportCache"/>, <see cref="Crm.Reporting.Orders.SalesRankings"/>).
/// </summary>
/// <remarks>
/// A CSV export asked without <c>limit</c> or <c>cursor</c> is the whole ranking (<see cref="Whole"/>):
/// BI exports want every row, and a spreadsheet has no use for a cursor.
/// </remarks>
public sealed record ReportPage(Paging Paging, bool Whole)
{
    public static readonly string Description =
        $"Paging: limit (1-{Paging.MaxLimit}, default {Paging.DefaultLimit}) and the nextCursor of the previous page; "
        + "totals and shares are over the whole ranking, not the page. With Accept: text/csv and neither limit nor cursor, every row.";

    /// <summary>Reads <c>limit</c> and <c>cursor</c> as every list does (<see cref="Paging.Read"/>); a limit that is not a number is refused by name too.</summary>
    public static bool TryRead(HttpContext http, string? limit, string? cursor, out ReportPage page, out IResult refusal)
    {
        var errors = new ValidationErrors();
        int? size = null;
        if (limit is not null)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) size = parsed;
            else errors.Add("limit", $"'limit' is between 1 and {Paging.MaxLimit}.");
        }
        page = new ReportPage(Paging.Read(size, cursor, errors), limit is null && cursor is null && CsvReport.IsWanted(http));
        refusal = errors.Any ? errors.ToProblem() : Results.Empty;
        return !errors.Any;
    }

    /// <summary>The first rank of the page less one (ranks counting from 1).</summary>
    public long Offset => Paging.Offset;

    /// <summary>How many rows to read: one more than the page, to know whether another follows.</summary>
    public long Take => Whole ? long.MaxValue - Offset : Paging.Limit + 1;

    /// <summary>The last rank to read, ranks counting from 1.</summary>
    public long Through => Offset + Take;

    /// <summary>The page of the rows read up to <see cref="Through"/>, and the cursor of the next one (null on the last page).</summary>
    public (IReadOnlyList<T> Items, string? NextCursor) Of<T>(IReadOnlyList<T> fetched) =>
        !Whole && fetched.Count > Paging.Limit
            ? (fetched.Take(Paging.Limit).ToList(), Paging.CursorAfter(Paging.Limit))
            : (fetched, null);
}
