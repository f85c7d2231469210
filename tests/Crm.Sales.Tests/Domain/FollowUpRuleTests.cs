using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Domain;

public class FollowUpRuleTests
{
    private static readonly DateTimeOffset Opened = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FollowUpRule Monthly = FollowUpRule.Default;

    [Fact]
    public void A_record_opened_less_than_30_days_ago_is_not_overdue_yet()
    {
        Assert.False(Monthly.IsOverdue(Opened, null, Opened.AddDays(30)));
    }

    [Fact]
    public void The_follow_up_flag_flips_once_30_days_pass_without_a_completed_activity()
    {
        var clock = new ManualClock(Opened.AddDays(29));
        Assert.False(Monthly.IsOverdue(Opened, null, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.True(Monthly.IsOverdue(Opened, null, clock.GetUtcNow()));
    }

    [Fact]
    public void A_completed_activity_restarts_the_30_days()
    {
        var lastCall = Opened.AddDays(25);

        Assert.False(Monthly.IsOverdue(Opened, lastCall, Opened.AddDays(50)));
        Assert.True(Monthly.IsOverdue(Opened, lastCall, Opened.AddDays(56)));
    }

    [Fact]
    public void The_number_of_days_is_configurable()
    {
        Assert.True((Monthly with { Days = 7 }).IsOverdue(Opened, null, Opened.AddDays(8)));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
