using System.Globalization;
using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Marten;

namespace Crm.Reporting.Monthly;

/// <summary>
/// The one place the service and monthly reports turn a business time into a branch's calendar: its
/// local time, from which its days and months follow. Today that is the branch's IANA time zone as
/// identity's branch-opened told reporting (Asia/Shanghai until heard of), the bucketing the
/// transactions and seasonal reports already use; a branch calendar kept elsewhere is wired in here only.
/// </summary>
public sealed class MonthCalendar
{
    private readonly string branches;

    private MonthCalendar(string branches) => this.branches = branches;

    public static async Task<MonthCalendar> LoadAsync(IDocumentStore store, CancellationToken ct) =>
        new(await SqlWhere.TableAsync<ReportBranch>(store, ct));

    /// <summary>
    /// SQL: the calendar of branch <paramref name="branchSql"/>, to be computed once per row (e.g. in a
    /// lateral join) and handed to <see cref="Day"/> and <see cref="Month"/>.
    /// </summary>
    public string Zone(string branchSql) =>
        $"coalesce((select tz.data ->> 'timeZone' from {branches} tz where tz.data ->> 'code' = {branchSql} limit 1), '{ReportBranch.DefaultTimeZone}')";

    /// <summary>SQL: the local calendar day of an instant in the calendar <paramref name="zoneSql"/> (from <see cref="Zone"/>).</summary>
    public static string Day(string instantSql, string zoneSql) => $"CAST(({instantSql}) at time zone {zoneSql} as date)";

    /// <summary>SQL: the local month (<c>yyyy-MM</c>) of an instant in the calendar <paramref name="zoneSql"/> (from <see cref="Zone"/>).</summary>
    public static string Month(string instantSql, string zoneSql) => $"to_char(({instantSql}) at time zone {zoneSql}, 'YYYY-MM')";

    /// <summary>A month as <c>yyyy-MM</c>, or null when <paramref name="text"/> is not one.</summary>
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    public static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
