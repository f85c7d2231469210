namespace Crm.Sales.Domain;

// The opportunity's stored events. Every move through the pipeline is an event with its time, so
// the time spent in each stage can be measured from them.

public sealed record OpportunityOpened(
    Guid OpportunityId, string Branch, Guid CustomerId, Guid? LeadId, string Name, Money Amount,
    DateOnly ExpectedCloseDate, IReadOnlyList<Guid> Products, Guid? OwnerId, string Stage, DateTimeOffset OpenedAt);

/// <summary>Edited fields; a null field was left as it was.</summary>
public sealed record OpportunityUpdated(
    Guid OpportunityId, string? Name, Money? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products, DateTimeOffset UpdatedAt);

public sealed record OpportunityStageChanged(Guid OpportunityId, string FromStage, string ToStage, DateTimeOffset ChangedAt);

public sealed record OpportunityWon(Guid OpportunityId, string FromStage, Money Amount, DateTimeOffset WonAt);

public sealed record OpportunityLost(Guid OpportunityId, string FromStage, string Reason, DateTimeOffset LostAt);

public sealed record OpportunityOwnerAssigned(Guid OpportunityId, Guid OwnerId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);
