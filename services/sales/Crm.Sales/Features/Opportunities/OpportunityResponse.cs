using Crm.Sales.Domain;

namespace Crm.Sales.Features.Opportunities;

public sealed record OpportunityResponse(
    Guid Id, string Branch, Guid CustomerId, Guid? LeadId, string Name, Money Amount, DateOnly ExpectedCloseDate, IReadOnlyList<Guid> Products,
    Guid? OwnerId, string Stage, int? Probability, OpportunityStatus Status, DateTimeOffset OpenedAt, DateTimeOffset StageChangedAt,
    string? LostReason, DateTimeOffset? ClosedAt, DateTimeOffset? LastActivityAt, bool? FollowUpOverdue, long Version)
{
    public static OpportunityResponse From(Opportunity o, PipelineStages stages, FollowUp? followUp = null) => new(
        o.Id, o.Branch, o.CustomerId, o.LeadId, o.Name, o.Amount, o.ExpectedCloseDate, o.Products, o.OwnerId, o.Stage,
        stages.ProbabilityOf(o.Stage), o.Status, o.OpenedAt, o.StageChangedAt, o.LostReason, o.ClosedAt, followUp?.LastActivityAt, followUp?.Overdue, o.Version);
}
