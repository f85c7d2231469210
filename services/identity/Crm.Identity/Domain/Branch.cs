using System.Security.Cryptography;
using System.Text;

namespace Crm.Identity.Domain;

public sealed record OpenBranch(string Code, string Name, string TimeZone, DateTimeOffset OpenedAt);

/// <summary>A branch of the group as its events made it; also the inline read model.</summary>
public sealed record Branch(Guid Id, string Code, string Name, string TimeZone, DateTimeOffset OpenedAt)
{
    /// <summary>DOMAIN.md: a branch's days and months follow its time zone, Shanghai unless said otherwise.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    public long Version { get; init; }

    // A branch's stream id is derived from its code, so two requests opening the same code race
    // for one stream id and the event store refuses the second: codes stay unique without a lock.
    public static Guid IdFor(string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"crm-branch:{code}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// <summary>The branch decider: kept apart from the record, whose methods Marten's source generator reads as its own conventions.</summary>
public static class BranchDecider
{
    public static BranchOpened Decide(Branch? state, OpenBranch command)
    {
        if (state is not null)
            throw new BranchRefusedException($"Branch '{command.Code}' is already open.");
        return new BranchOpened(Branch.IdFor(command.Code), command.Code, command.Name.Trim(), command.TimeZone, command.OpenedAt);
    }

    public static Branch? Evolve(Branch? state, object @event) => @event switch
    {
        BranchOpened e => new Branch(e.BranchId, e.Code, e.Name, e.TimeZone, e.OpenedAt),
        _ => state,
    };
}

public sealed class BranchRefusedException(string reason) : Exception(reason);
