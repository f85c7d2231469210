namespace Crm.Identity.Domain;

/// <summary>
/// Recent failed sign-ins of one account: 5 failures within 15 minutes lock it for 15 minutes.
/// Kept as a plain document, not as events: it is throttling state, not part of anyone's history,
/// and a password-guessing attacker must not be able to grow an account's stream.
/// </summary>
public sealed record SignInFailures(Guid Id, int Count, DateTimeOffset FirstFailureAt, DateTimeOffset? LockedUntil)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    /// <summary>The record after one more failure at <paramref name="now"/>: a new window once the old one (or the lock) is over.</summary>
    public static SignInFailures After(SignInFailures? previous, Guid staffId, DateTimeOffset now)
    {
        var windowOver = previous is null || now - previous.FirstFailureAt > Window || previous.LockedUntil <= now;
        if (windowOver) return new SignInFailures(staffId, 1, now, null);

        var count = previous!.Count + 1;
        return previous with { Count = count, LockedUntil = count >= MaxFailures ? now + LockDuration : null };
    }
}
