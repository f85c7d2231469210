using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Domain;

public class ActivityDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static Activity Planned() => ActivityDecider.Evolve(null, ActivityDecider.Schedule(new ScheduleActivity(
        Guid.CreateVersion7(), "north", ActivityKind.Visit, RegardingType.Lead, Guid.CreateVersion7(), " Site visit ", Guid.CreateVersion7(), Now.AddDays(2), Now)))!;

    [Fact]
    public void Completing_a_planned_activity_records_its_outcome_and_time()
    {
        var activity = Planned();

        var decision = ActivityDecider.Complete(activity, new CompleteActivity(" Ordered samples ", Now));

        Assert.Equal([new ActivityCompleted(activity.Id, "Ordered samples", Now)], decision.Events);
        Assert.Equal("Site visit", activity.Subject);
    }

    [Fact]
    public void A_completed_activity_cannot_be_cancelled_or_reassigned()
    {
        var done = ActivityDecider.Evolve(Planned(), new ActivityCompleted(Guid.Empty, "Done", Now))!;

        Assert.True(ActivityDecider.Cancel(done, new CancelActivity(null, Now)).IsRefused);
        Assert.True(ActivityDecider.Assign(done, new AssignActivity(Guid.CreateVersion7(), Now)).IsRefused);
    }

    [Fact]
    public void A_cancelled_activity_cannot_be_completed()
    {
        var cancelled = ActivityDecider.Evolve(Planned(), new ActivityCancelled(Guid.Empty, "Customer away", Now))!;

        Assert.True(ActivityDecider.Complete(cancelled, new CompleteActivity("Done", Now)).IsRefused);
    }
}
