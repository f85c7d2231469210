namespace Crm.Tickets.Domain;

/// <summary>
/// One SLA target's clock. It counts calendar minutes while it runs; waiting on the customer pauses
/// it (that time does not count, DOMAIN.md), meeting the target stops it, and a reopened ticket's
/// resolution clock runs on from where it stopped. <see cref="DueAt"/> and <see cref="Overran"/> are
/// stored with the ticket so breaches can be found by a query.
/// </summary>
public sealed record SlaClock(int TargetMinutes, TimeSpan Counted, DateTimeOffset? RunningSince, bool Stopped, bool Escalated)
{
    public static SlaClock StartedAt(int targetMinutes, DateTimeOffset at) => new(targetMinutes, TimeSpan.Zero, at, false, false);

    public TimeSpan Target => TimeSpan.FromMinutes(TargetMinutes);

    public bool IsRunning => RunningSince is not null;

    /// <summary>When the target falls due if the clock keeps running; null while it is paused or stopped.</summary>
    public DateTimeOffset? DueAt => RunningSince is { } since ? since + (Target - Counted) : null;

    /// <summary>The clock already counted more than its target when it was last paused or stopped.</summary>
    public bool Overran => Counted > Target;

    public TimeSpan Elapsed(DateTimeOffset now) =>
        Counted + (RunningSince is { } since && now > since ? now - since : TimeSpan.Zero);

    /// <summary>
    /// Past its target at <paramref name="now"/>, counted in business time: a breach stays a breach
    /// (what is counted never shrinks), and an escalation the watch sent by the wall clock does not
    /// make a target breached whose imported business times met it (API.md business times).
    /// </summary>
    public bool IsBreached(DateTimeOffset now) => Elapsed(now) > Target;

    /// <summary>Minutes counted so far, whole minutes rounded down, as reports show them.</summary>
    public int ElapsedMinutes(DateTimeOffset now) => (int)Elapsed(now).TotalMinutes;

    public SlaClock Pause(DateTimeOffset at) => IsRunning ? this with { Counted = Elapsed(at), RunningSince = null } : this;

    public SlaClock Run(DateTimeOffset at) => Stopped || IsRunning ? this : this with { RunningSince = at };

    public SlaClock Stop(DateTimeOffset at) => Pause(at) with { Stopped = true };

    public SlaClock Restart(DateTimeOffset at) => (this with { Stopped = false }).Run(at);
}
