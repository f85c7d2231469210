using System.Collections.Immutable;

namespace Crm.Revocation;

/// <summary>
/// The branches the group has opened. Read on every authenticated request and by commands that name a
/// branch (lock-free), changed by branch-opened events and by the list identity serves. Until that
/// list is loaded nothing is refused on branch grounds: an instance that cannot reach identity keeps
/// serving (its readiness says so).
/// </summary>
public sealed class KnownBranches
{
    private readonly Lock gate = new();
    private ImmutableHashSet<string> opened = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    // Branches opened since the list was requested: the list may or may not include them, so they are
    // added again on top of it (branches are never closed, so adding is all there is).
    private List<string>? sinceListRequested;

    /// <summary>When the list from identity was last applied; null until the first one.</summary>
    public DateTimeOffset? ListLoadedAt { get; private set; }

    public bool IsLoaded => ListLoadedAt is not null;

    public int Count => Volatile.Read(ref opened).Count;

    /// <summary>True once the list is loaded and <paramref name="branch"/> is not on it; false while not loaded.</summary>
    public bool Refuses(string branch) => IsLoaded && !Volatile.Read(ref opened).Contains(branch);

    public void Open(string branch)
    {
        lock (gate)
        {
            Volatile.Write(ref opened, opened.Add(branch));
            sinceListRequested?.Add(branch);
        }
    }

    /// <summary>Call just before asking identity for the list, so branches opened meanwhile are not lost.</summary>
    public void ListRequested()
    {
        lock (gate) sinceListRequested = [];
    }

    /// <summary>Replaces the set with identity's list, then adds the branches opened since it was requested.</summary>
    public void ApplyList(IEnumerable<string> branches, DateTimeOffset loadedAt)
    {
        lock (gate)
        {
            var set = branches.Concat(sinceListRequested ?? []).ToImmutableHashSet(StringComparer.Ordinal);
            Volatile.Write(ref opened, set);
            sinceListRequested = null;
            ListLoadedAt = loadedAt;
        }
    }
}
