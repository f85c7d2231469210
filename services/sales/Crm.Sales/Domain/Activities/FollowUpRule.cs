namespace Crm.Sales.Domain;

/// <summary>
/// DOMAIN.md: every open lead and opportunity needs at least one completed follow-up activity per
/// month (configurable, default 30 days), even when nothing changed. A record gets the same grace
/// from when it was opened, so one captured this morning is not overdue yet.
/// </summary>
public sealed record FollowUpRule(string Id, int Days)
{
    public const string DocumentId = "follow-up";
    public static readonly FollowUpRule Default = new(DocumentId, 30);

    public bool IsOverdue(DateTimeOffset openedAt, DateTimeOffset? lastActivityAt, DateTimeOffset now)
    {
        var since = lastActivityAt is { } last && last > openedAt ? last : openedAt;
        return now - since > TimeSpan.FromDays(Days);
    }
}
