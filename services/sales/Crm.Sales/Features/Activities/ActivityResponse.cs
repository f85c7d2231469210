using Crm.Sales.Domain;

namespace Crm.Sales.Features.Activities;

public sealed record RegardingResponse(RegardingType Type, Guid Id);

public sealed record ActivityResponse(
    Guid Id, string Branch, ActivityKind Kind, RegardingResponse Regarding, string? Subject, Guid? AssigneeId, DateTimeOffset? DueAt,
    ActivityStatus Status, DateTimeOffset ScheduledAt, string? Outcome, DateTimeOffset? CompletedAt, string? CancelReason, long Version)
{
    public static ActivityResponse From(Activity a) => new(
        a.Id, a.Branch, a.Kind, new(a.RegardingType, a.RegardingId), a.Subject, a.OwnerId, a.DueAt, a.Status, a.ScheduledAt,
        a.Outcome, a.CompletedAt, a.CancelReason, a.Version);
}
