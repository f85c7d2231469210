namespace Crm.Reporting.Tests;

/// <summary>Publishes sales and identity events as their services would, each with a source position newer than the last.</summary>
internal static class SourceEvents
{
    private static long position = 1_000;

    public static string ABranch() => $"b{Guid.NewGuid():N}"[..12];

    public static Task Publish(this ReportingService s, string routingKey, Guid subject, string branch, object body) =>
        s.PublishAsync(routingKey, Guid.CreateVersion7(), subject, branch, Interlocked.Increment(ref position), body);

    public static async Task<Guid> LeadCaptured(this ReportingService s, string branch, DateTimeOffset at, Guid? ownerId = null)
    {
        var leadId = Guid.CreateVersion7();
        await s.Publish("sales.lead-captured", leadId, branch, new { leadId, branch, company = $"Company {leadId:N}", ownerId, capturedAt = at });
        return leadId;
    }

    public static async Task<Guid> OpportunityOpened(this ReportingService s, string branch, string stage, decimal amount, string closeDate, DateTimeOffset at, Guid? ownerId = null)
    {
        var opportunityId = Guid.CreateVersion7();
        await s.Publish("sales.opportunity-opened", opportunityId, branch, new
        {
            opportunityId, branch, customerId = Guid.CreateVersion7(), leadId = (Guid?)null, name = $"Deal {opportunityId:N}",
            amount = new { amount, currency = "CNY" }, expectedCloseDate = closeDate, products = Array.Empty<Guid>(), ownerId, stage, openedAt = at,
        });
        return opportunityId;
    }

    public static Task StageChanged(this ReportingService s, Guid opportunityId, string branch, string from, string to, DateTimeOffset at) =>
        s.Publish("sales.opportunity-stage-changed", opportunityId, branch, new { opportunityId, branch, fromStage = from, toStage = to, changedAt = at });

    public static async Task<Guid> ActivityScheduled(this ReportingService s, string branch, string kind, string regardingType, Guid regardingId, Guid assigneeId, DateTimeOffset at)
    {
        var activityId = Guid.CreateVersion7();
        await s.Publish("sales.activity-scheduled", activityId, branch, new
        {
            activityId, branch, kind, regardingType, regardingId, subject = kind, assigneeId, dueAt = (DateTimeOffset?)null, scheduledAt = at,
        });
        return activityId;
    }

    public static async Task<Guid> ActivityDone(this ReportingService s, string branch, string kind, string regardingType, Guid regardingId, Guid assigneeId, DateTimeOffset completedAt)
    {
        var activityId = await s.ActivityScheduled(branch, kind, regardingType, regardingId, assigneeId, completedAt.AddDays(-1));
        await s.Publish("sales.activity-completed", activityId, branch, new { activityId, branch, outcome = "done", completedAt });
        return activityId;
    }

    public static Task StaffJoined(this ReportingService s, Guid staffId, string name, string role, string? branch, DateTimeOffset at) =>
        s.Publish("identity.staff-joined", staffId, branch ?? "", new { staffId, username = name.ToLowerInvariant().Replace(' ', '.'), name, role, branch, joinedAt = at });

    public static Task StaffSignedIn(this ReportingService s, Guid staffId, string branch, DateTimeOffset at) =>
        s.Publish("identity.staff-signed-in", staffId, branch, new { staffId, branch, signedInAt = at });
}
