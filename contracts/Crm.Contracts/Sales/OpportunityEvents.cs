namespace Crm.Contracts.Sales;

/// <summary>An amount in the group's currency.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>A potential deal with a customer was opened (from a converted lead when <c>LeadId</c> is set).</summary>
[IntegrationEvent("sales", "opportunity-opened")]
public sealed record OpportunityOpened(
    Guid OpportunityId, string Branch, Guid CustomerId, Guid? LeadId, string Name, Money Amount,
    DateOnly ExpectedCloseDate, IReadOnlyList<Guid> Products, Guid? OwnerId, string Stage, DateTimeOffset OpenedAt);

/// <summary>Fields of an open deal changed; a null field was left as it was.</summary>
[IntegrationEvent("sales", "opportunity-updated")]
public sealed record OpportunityUpdated(
    Guid OpportunityId, string Branch, string? Name, Money? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products, DateTimeOffset UpdatedAt);

/// <summary>A deal moved from one open stage to another.</summary>
[IntegrationEvent("sales", "opportunity-stage-changed")]
public sealed record OpportunityStageChanged(Guid OpportunityId, string Branch, string FromStage, string ToStage, DateTimeOffset ChangedAt);

/// <summary>A deal was won (final), with its amount then.</summary>
[IntegrationEvent("sales", "opportunity-won")]
public sealed record OpportunityWon(Guid OpportunityId, string Branch, string FromStage, Money Amount, DateTimeOffset WonAt);

/// <summary>A deal was lost (final), and why.</summary>
[IntegrationEvent("sales", "opportunity-lost")]
public sealed record OpportunityLost(Guid OpportunityId, string Branch, string FromStage, string Reason, DateTimeOffset LostAt);

/// <summary>A deal was given to another rep.</summary>
[IntegrationEvent("sales", "opportunity-owner-assigned")]
public sealed record OpportunityOwnerAssigned(Guid OpportunityId, string Branch, Guid OwnerId, Guid? PreviousOwnerId, DateTimeOffset AssignedAt);
