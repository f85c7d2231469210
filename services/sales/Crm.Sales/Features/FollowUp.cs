using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Marten;

namespace Crm.Sales.Features;

/// <summary>A record's latest completed activity and whether it is overdue for follow-up (null once closed).</summary>
public sealed record FollowUp(DateTimeOffset? LastActivityAt, bool? Overdue)
{
    public static readonly FollowUp None = new(null, null);

    /// <summary>The follow-up state of the given open records, from their completed activities, at the injected clock's now.</summary>
    public static async Task<Func<Guid, DateTimeOffset, bool, FollowUp>> ForAsync(
        IDocumentStore store, IQuerySession session, IReadOnlyCollection<Guid> ids, TimeProvider time, CancellationToken ct)
    {
        var rule = await FollowUpSettingsEndpoints.RuleAsync(store, ct);
        var completed = ids.Count == 0 ? [] : await session.Query<Activity>()
            .Where(a => a.AnyTenant() && a.RegardingId.IsOneOf(ids.ToArray()) && a.Status == ActivityStatus.Completed)
            .ToListAsync(ct);
        var last = completed.GroupBy(a => a.RegardingId).ToDictionary(g => g.Key, g => g.Max(a => a.CompletedAt));
        var now = time.GetUtcNow();
        return (id, openedAt, isOpen) =>
        {
            var lastActivity = last.GetValueOrDefault(id);
            return new(lastActivity, isOpen ? rule.IsOverdue(openedAt, lastActivity, now) : null);
        };
    }
}
