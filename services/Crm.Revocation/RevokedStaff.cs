using System.Collections.Immutable;

namespace Crm.Revocation;

/// <summary>
/// Staff whose tokens already issued are refused: frozen or departed accounts. Read on every
/// authenticated request (lock-free), changed by staff-access events and by the list identity serves.
/// </summary>
public sealed class RevokedStaff
{
    private readonly Lock gate = new();
    private ImmutableHashSet<Guid> revoked = [];
    // Events applied since the list was requested: the list may or may not reflect them, so they are
    // applied again on top of it. Setting the state is idempotent, and events of one staff member
    // arrive in order, so the result is the state after the latest of them.
    private List<(Guid StaffId, bool Revoke)>? sinceListRequested;

    /// <summary>When the list from identity was last applied; null until the first one.</summary>
    public DateTimeOffset? ListLoadedAt { get; private set; }

    public int Count => Volatile.Read(ref revoked).Count;

    public bool IsRevoked(Guid staffId) => Volatile.Read(ref revoked).Contains(staffId);

    public void Revoke(Guid staffId) => Change(staffId, revoke: true);

    public void Restore(Guid staffId) => Change(staffId, revoke: false);

    /// <summary>Call just before asking identity for the list, so events that race it are not lost.</summary>
    public void ListRequested()
    {
        lock (gate) sinceListRequested = [];
    }

    /// <summary>Replaces the set with identity's list, then re-applies the events seen since it was requested.</summary>
    public void ApplyList(IEnumerable<Guid> staffIds, DateTimeOffset loadedAt)
    {
        lock (gate)
        {
            var set = staffIds.ToImmutableHashSet();
            foreach (var (staffId, revoke) in sinceListRequested ?? [])
                set = revoke ? set.Add(staffId) : set.Remove(staffId);
            Volatile.Write(ref revoked, set);
            sinceListRequested = null;
            ListLoadedAt = loadedAt;
        }
    }

    private void Change(Guid staffId, bool revoke)
    {
        lock (gate)
        {
            Volatile.Write(ref revoked, revoke ? revoked.Add(staffId) : revoked.Remove(staffId));
            sinceListRequested?.Add((staffId, revoke));
        }
    }
}
