using Crm.Identity.Domain;

namespace Crm.Identity.Tests;

public class SignInFailuresTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static SignInFailures? Failing(int times, TimeSpan every) =>
        Enumerable.Range(0, times).Aggregate((SignInFailures?)null, (f, i) => SignInFailures.After(f, Id, Now + every * i));

    [Fact]
    public void The_fifth_failure_within_15_minutes_locks_for_15_minutes()
    {
        var failures = Failing(5, TimeSpan.FromMinutes(3))!;

        Assert.True(failures.IsLocked(Now.AddMinutes(12)));
        Assert.Equal(Now.AddMinutes(27), failures.LockedUntil);
        Assert.False(failures.IsLocked(Now.AddMinutes(27)));
    }

    [Fact]
    public void Four_failures_do_not_lock() => Assert.False(Failing(4, TimeSpan.FromMinutes(1))!.IsLocked(Now.AddMinutes(4)));

    [Fact]
    public void Failures_spread_beyond_15_minutes_start_a_new_window()
    {
        var failures = Failing(5, TimeSpan.FromMinutes(4))!;

        Assert.Equal(1, failures.Count);
        Assert.Null(failures.LockedUntil);
    }

    [Fact]
    public void A_failure_after_the_lock_expired_starts_counting_again()
    {
        var locked = Failing(5, TimeSpan.FromSeconds(10))!;

        var after = SignInFailures.After(locked, Id, locked.LockedUntil!.Value.AddSeconds(1));

        Assert.Equal(1, after.Count);
        Assert.False(after.IsLocked(locked.LockedUntil.Value.AddSeconds(1)));
    }
}
