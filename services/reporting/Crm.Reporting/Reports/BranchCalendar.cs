using Crm.Reporting.Staff;
using Marten;

namespace Crm.Reporting.Reports;

/// <summary>
/// The one place that decides a branch's calendar (DOMAIN.md: each branch's IANA time zone decides its
/// days and months, Asia/Shanghai until reporting hears otherwise; weeks start on Monday).
/// </summary>
/// <remarks>
/// Reports filter and bucket in PostgreSQL, so the same rules exist here twice over, once for .NET and
/// once as SQL fragments, and nowhere else. Period conventions of every report:
/// <list type="bullet">
/// <item><c>from</c>/<c>to</c> are local days, inclusive, of the branch each record belongs to. A
/// group-wide query (no <c>?branch=</c>) therefore takes each branch's own local days: a sale made
/// at 20:00 UTC on 31 January in a UTC+8 branch is a 1 February sale there, while the same instant in
/// a UTC-5 branch is still 31 January.</item>
/// <item>Months and years are local to the record's branch as well.</item>
/// <item>"Today" and "this year", for the defaults, are those of the branch asked about, or of the
/// group's default time zone for a group-wide query.</item>
/// </list>
/// </remarks>
public static class BranchCalendar
{
    /// <summary>DOMAIN.md: a branch's time zone defaults to Asia/Shanghai.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The zone of an IANA id; an unknown or empty id means the default zone.</summary>
    public static TimeZoneInfo Zone(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) && zone.HasIanaId
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

    /// <summary>The IANA id reporting keeps for a branch: the one given when known here, else the default.</summary>
    public static string KnownOrDefault(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) && zone.HasIanaId
            ? timeZone
            : DefaultTimeZone;

    /// <summary>The branch's wall-clock time at an instant.</summary>
    public static DateTime LocalTime(DateTimeOffset instant, string? timeZone) =>
        TimeZoneInfo.ConvertTime(instant, Zone(timeZone)).DateTime;

    /// <summary>The branch's calendar day at an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, string? timeZone) => DateOnly.FromDateTime(LocalTime(instant, timeZone));

    /// <summary>The branch's calendar month at an instant.</summary>
    public static (int Year, int Month) LocalMonth(DateTimeOffset instant, string? timeZone)
    {
        var local = LocalTime(instant, timeZone);
        return (local.Year, local.Month);
    }

    /// <summary>The Monday that starts the week of a day.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The instants, [start, end), of the local days <paramref name="from"/> to <paramref name="to"/> inclusive in a branch.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) UtcRange(DateOnly from, DateOnly to, string? timeZone)
    {
        var zone = Zone(timeZone);
        return (StartOf(from, zone), StartOf(to.AddDays(1), zone));
    }

    /// <summary>The instants, [start, end), of a local calendar month in a branch.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) UtcRangeOfMonth(int year, int month, string? timeZone)
    {
        var first = new DateOnly(year, month, 1);
        return UtcRange(first, first.AddMonths(1).AddDays(-1), timeZone);
    }

    /// <summary>When a local day begins: its midnight, or the first valid time after it where a clock change skips midnight.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        // Where midnight happens twice, the day starts at the first of them (the larger offset).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The time zone of a branch as reporting knows it (the default until its branch-opened arrives).</summary>
    public static async Task<string> TimeZoneOfAsync(IQuerySession session, string? branch, CancellationToken ct)
    {
        if (branch is null) return DefaultTimeZone;
        var known = await session.LoadAsync<ReportBranch>(ReportBranch.IdOf(branch), ct);
        return KnownOrDefault(known?.TimeZone);
    }

    /// <summary>Today in the branch asked about, or in the default zone for a group-wide query.</summary>
    public static async Task<DateOnly> TodayAsync(IQuerySession session, string? branch, TimeProvider time, CancellationToken ct) =>
        LocalDate(time.GetUtcNow(), await TimeZoneOfAsync(session, branch, ct));

    // ---- The same calendar in SQL, for reports grouped in PostgreSQL ----

    /// <summary>Joins the branches (alias <paramref name="alias"/>) to rows whose branch code is <paramref name="branchCode"/>.</summary>
    public static async Task<string> JoinAsync(IDocumentStore store, string alias, string branchCode, CancellationToken ct) =>
        $"left join {await SqlWhere.TableAsync<ReportBranch>(store, ct)} {alias} on {alias}.data ->> 'code' = {branchCode}";

    /// <summary>
    /// SQL: the IANA zone of the branch whose code is <paramref name="branchSql"/> (its latest branch-opened), else the
    /// default, from the branches' table <paramref name="branches"/>; computed once per row (e.g. in a lateral join)
    /// and handed to <see cref="DaySql"/> and <see cref="MonthSql"/>.
    /// </summary>
    public static string ZoneSql(string branches, string branchSql) => $"""
        coalesce((select z.data ->> 'timeZone' from {branches} z where z.data ->> 'code' = {branchSql}
                  order by CAST(z.data ->> 'sourcePosition' as bigint) desc limit 1), '{DefaultTimeZone}')
        """;

    /// <summary>SQL: the local calendar day (date) of an instant in the zone <paramref name="zoneSql"/>.</summary>
    public static string DaySql(string instantSql, string zoneSql) => $"CAST(({instantSql}) at time zone {zoneSql} as date)";

    /// <summary>SQL: the local month (<c>yyyy-MM</c>) of an instant in the zone <paramref name="zoneSql"/>.</summary>
    public static string MonthSql(string instantSql, string zoneSql) => $"to_char(({instantSql}) at time zone {zoneSql}, 'YYYY-MM')";

    /// <summary>A month as <c>yyyy-MM</c>, or null when <paramref name="text"/> is not one.</summary>
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month) ? month : null;

    /// <summary>A month as <c>yyyy-MM</c>.</summary>
    public static string Label(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The wall-clock time (timestamp without zone) of instant <paramref name="instant"/> in the branch joined as <paramref name="alias"/>.</summary>
    public static string LocalTimeSql(string instant, string alias) =>
        $"(CAST({instant} as timestamptz) at time zone coalesce({alias}.data ->> 'timeZone', '{DefaultTimeZone}'))";

    /// <summary>Keeps the rows whose local day (<paramref name="localTime"/>, from <see cref="LocalTimeSql"/>) is within from..to inclusive.</summary>
    public static SqlWhere LocalDays(this SqlWhere where, string localTime, DateOnly? from, DateOnly? to)
    {
        if (from is { } f) where.Add($"CAST({localTime} as date) >= ?", f);
        if (to is { } t) where.Add($"CAST({localTime} as date) <= ?", t);
        return where;
    }
}
