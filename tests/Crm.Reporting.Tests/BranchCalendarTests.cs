using Crm.Reporting.Reports;
using static Crm.Reporting.Tests.HistoryEvents;

namespace Crm.Reporting.Tests;

/// <summary>The branch calendar on its own: local days, weeks and months of instants, and the instants of local days.</summary>
public class BranchCalendarTests
{
    [Theory]
    [InlineData("2026-01-31T20:00", "Asia/Shanghai", "2026-02-01")]
    [InlineData("2026-01-31T15:59", "Asia/Shanghai", "2026-01-31")]
    [InlineData("2026-02-01T03:00", "America/New_York", "2026-01-31")]
    [InlineData("2026-02-01T05:00", "America/New_York", "2026-02-01")]
    [InlineData("2026-01-31T20:00", "Europe/London", "2026-01-31")]
    public void The_local_day_of_an_instant_is_the_branchs(string instant, string zone, string day)
    {
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), BranchCalendar.LocalDate(Utc(instant), zone));
    }

    [Fact]
    public void An_order_signed_at_20_00_utc_on_31_January_in_a_UTC_plus_8_branch_is_a_February_sale()
    {
        Assert.Equal((2026, 2), BranchCalendar.LocalMonth(Utc("2026-01-31T20:00"), "Asia/Shanghai"));
        Assert.Equal((2026, 1), BranchCalendar.LocalMonth(Utc("2026-01-31T20:00"), "America/New_York"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    public void An_unknown_or_missing_time_zone_means_Asia_Shanghai(string? zone)
    {
        Assert.Equal("Asia/Shanghai", BranchCalendar.KnownOrDefault(zone));
        Assert.Equal(new DateOnly(2026, 2, 1), BranchCalendar.LocalDate(Utc("2026-01-31T20:00"), zone));
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-02")]
    [InlineData("2026-11-08", "2026-11-02")]
    [InlineData("2026-11-09", "2026-11-09")]
    [InlineData("2026-01-01", "2025-12-29")]
    public void Weeks_start_on_Monday(string day, string monday)
    {
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), BranchCalendar.WeekStart(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_local_day_and_a_local_month_are_ranges_of_instants()
    {
        Assert.Equal((Utc("2026-01-31T16:00"), Utc("2026-02-01T16:00")), BranchCalendar.UtcRange(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 1), "Asia/Shanghai"));
        Assert.Equal((Utc("2026-01-31T16:00"), Utc("2026-02-28T16:00")), BranchCalendar.UtcRangeOfMonth(2026, 2, "Asia/Shanghai"));
        // New York's March has 31 days of which one is 23 hours long: the range is EST to EDT.
        Assert.Equal((Utc("2026-03-01T05:00"), Utc("2026-04-01T04:00")), BranchCalendar.UtcRangeOfMonth(2026, 3, "America/New_York"));
    }

    [Fact]
    public void A_day_whose_midnight_a_clock_change_skips_starts_at_the_first_valid_time()
    {
        // Santiago moved its clocks from 00:00 to 01:00 on 6 September 2026.
        var (start, end) = BranchCalendar.UtcRange(new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 6), "America/Santiago");
        Assert.Equal(Utc("2026-09-06T04:00"), start);
        Assert.Equal(Utc("2026-09-07T03:00"), end);
    }
}
