namespace Crm.Tickets.Tests.Api;

/// <summary>
/// The service's clock in tests: real time plus however far a test has moved it on. Only the time
/// it tells is moved; timers and delays still run in real time, so background work keeps its pace.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
