namespace Crm.Sales.Domain;

public enum OpportunityStatus { Open, Won, Lost }

/// <summary>A potential deal with a customer, as its events made it (see <see cref="OpportunityDecider.Evolve"/>).</summary>
public sealed record Opportunity(
    Guid Id,
    string Branch,
    Guid CustomerId,
    Guid? LeadId,
    string Name,
    Money Amount,
    DateOnly ExpectedCloseDate,
    IReadOnlyList<Guid> Products,
    Guid? OwnerId,
    string Stage,
    OpportunityStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset StageChangedAt,
    string? LostReason = null,
    DateTimeOffset? ClosedAt = null) : ISalesRecord
{
    public long Version { get; init; }
}

public sealed record OpenOpportunity(
    Guid OpportunityId, string Branch, Guid CustomerId, Guid? LeadId, string Name, Money Amount,
    DateOnly ExpectedCloseDate, IReadOnlyList<Guid> Products, Guid? OwnerId, string Stage, DateTimeOffset Now);

public sealed record UpdateOpportunity(string? Name, Money? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products, DateTimeOffset Now);

public sealed record ChangeStage(string Stage, DateTimeOffset Now);

public sealed record WinOpportunity(DateTimeOffset Now);

public sealed record LoseOpportunity(string Reason, DateTimeOffset Now);

public sealed record AssignOpportunityOwner(Guid OwnerId, DateTimeOffset Now);

/// <summary>The opportunity decider. Won and lost are final: nothing changes a closed deal.</summary>
public static class OpportunityDecider
{
    public static Opportunity? Evolve(Opportunity? state, object @event) => @event switch
    {
        OpportunityOpened e => new Opportunity(e.OpportunityId, e.Branch, e.CustomerId, e.LeadId, e.Name, e.Amount, e.ExpectedCloseDate,
            e.Products, e.OwnerId, e.Stage, OpportunityStatus.Open, e.OpenedAt, e.OpenedAt),
        OpportunityUpdated e when state is not null => state with
        {
            Name = e.Name ?? state.Name,
            Amount = e.Amount ?? state.Amount,
            ExpectedCloseDate = e.ExpectedCloseDate ?? state.ExpectedCloseDate,
            Products = e.Products ?? state.Products,
        },
        OpportunityStageChanged e when state is not null => state with { Stage = e.ToStage, StageChangedAt = e.ChangedAt },
        OpportunityWon e when state is not null => state with
        {
            Stage = PipelineStages.Won, Status = OpportunityStatus.Won, StageChangedAt = e.WonAt, ClosedAt = e.WonAt,
        },
        OpportunityLost e when state is not null => state with
        {
            Stage = PipelineStages.Lost, Status = OpportunityStatus.Lost, LostReason = e.Reason, StageChangedAt = e.LostAt, ClosedAt = e.LostAt,
        },
        OpportunityOwnerAssigned e when state is not null => state with { OwnerId = e.OwnerId },
        CustomerMergedInto e when state is not null => state with { CustomerId = e.SurvivorId },
        OpportunityTransferredIn e => e.State,
        _ => state,
    };

    public static OpportunityOpened Open(OpenOpportunity c) => new(
        c.OpportunityId, c.Branch, c.CustomerId, c.LeadId, c.Name.Trim(), c.Amount, c.ExpectedCloseDate, c.Products, c.OwnerId, c.Stage, c.Now);

    public static Decision Update(Opportunity o, UpdateOpportunity c) =>
        RefuseIfClosed(o) ?? Decision.Accept(new OpportunityUpdated(o.Id, c.Name?.Trim(), c.Amount, c.ExpectedCloseDate, c.Products, c.Now));

    public static Decision ChangeStage(Opportunity o, ChangeStage c)
    {
        if (RefuseIfClosed(o) is { } refused) return refused;
        if (PipelineStages.IsFinal(c.Stage)) return Decision.Refuse($"An opportunity is {c.Stage} through /{(c.Stage == PipelineStages.Won ? "win" : "lose")}, not by a stage change.");
        return o.Stage == c.Stage
            ? Decision.Refuse($"The opportunity is already in stage '{c.Stage}'.")
            : Decision.Accept(new OpportunityStageChanged(o.Id, o.Stage, c.Stage, c.Now));
    }

    public static Decision Win(Opportunity o, WinOpportunity c) =>
        RefuseIfClosed(o) ?? Decision.Accept(new OpportunityWon(o.Id, o.Stage, o.Amount, c.Now));

    public static Decision Lose(Opportunity o, LoseOpportunity c) =>
        RefuseIfClosed(o) ?? Decision.Accept(new OpportunityLost(o.Id, o.Stage, c.Reason.Trim(), c.Now));

    public static Decision AssignOwner(Opportunity o, AssignOpportunityOwner c) =>
        RefuseIfClosed(o) ?? Decision.Accept(new OpportunityOwnerAssigned(o.Id, c.OwnerId, o.OwnerId, c.Now));

    private static Decision? RefuseIfClosed(Opportunity o) => o.Status switch
    {
        OpportunityStatus.Won => Decision.Refuse("The opportunity was won; a closed deal does not change."),
        OpportunityStatus.Lost => Decision.Refuse("The opportunity was lost; a closed deal does not change."),
        _ => null,
    };
}
