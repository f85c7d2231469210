using System.Globalization;
using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.Reporting.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.Pipeline;

/// <summary>
/// Folds recorded opportunity events into <see cref="ReportOpportunity"/>. Each field group changes only
/// for an event newer at its source than the one that set it; the stage entries are kept in source
/// order, so the time spent in each stage comes out the same whatever order the events arrived in.
/// </summary>
public sealed class ReportOpportunityProjection : SingleStreamProjection<ReportOpportunity, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportOpportunityProjection()
    {
        IncludeType<OpportunityOpened>();
        IncludeType<OpportunityUpdated>();
        IncludeType<OpportunityStageChanged>();
        IncludeType<OpportunityWon>();
        IncludeType<OpportunityLost>();
        IncludeType<OpportunityOwnerAssigned>();
    }

    public override ReportOpportunity? Evolve(ReportOpportunity? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var o = snapshot ?? new ReportOpportunity(id);
        o = e.Data switch
        {
            OpportunityOpened x => Enter(Stage(CloseDate(Amount(Title(Owner(Branch(o, at, x.Branch), at, x.OwnerId), at, x.Name), at, x.Amount), at, x.ExpectedCloseDate), at, x.Stage, ReportOpportunity.Open), x.Stage, x.OpenedAt, at)
                with { Opened = true, OpenedAt = x.OpenedAt, CustomerId = x.CustomerId },
            OpportunityUpdated x => Updated(Branch(o, at, x.Branch), at, x),
            OpportunityStageChanged x => Enter(Stage(Branch(o, at, x.Branch), at, x.ToStage, ReportOpportunity.Open), x.ToStage, x.ChangedAt, at),
            OpportunityWon x => Enter(Stage(Amount(Branch(o, at, x.Branch), at, x.Amount), at, ReportOpportunity.Won, ReportOpportunity.Won), ReportOpportunity.Won, x.WonAt, at),
            OpportunityLost x => Enter(Stage(Branch(o, at, x.Branch), at, ReportOpportunity.Lost, ReportOpportunity.Lost), ReportOpportunity.Lost, x.LostAt, at),
            OpportunityOwnerAssigned x => Owner(Branch(o, at, x.Branch), at, x.OwnerId),
            _ => o,
        };
        var (position, occurred, applied) = ProjectionLag.Stamp(o.SourcePosition, e);
        return o with { SourcePosition = position, OccurredAt = occurred, AppliedAt = applied };
    }

    private static ReportOpportunity Updated(ReportOpportunity o, long at, OpportunityUpdated x)
    {
        if (x.Name is not null) o = Title(o, at, x.Name);
        if (x.Amount is not null) o = Amount(o, at, x.Amount);
        if (x.ExpectedCloseDate is { } close) o = CloseDate(o, at, close);
        return o;
    }

    /// <summary>Adds the stage entry in source order and recomputes the finished stays between consecutive entries.</summary>
    private static ReportOpportunity Enter(ReportOpportunity o, string stage, DateTimeOffset time, long at)
    {
        var entries = o.Entries.Append(new StageEntry(stage, time, at)).OrderBy(s => s.Position).ThenBy(s => s.At).ToList();
        var stays = entries.Zip(entries.Skip(1))
            .Where(pair => pair.First.Stage is not (ReportOpportunity.Won or ReportOpportunity.Lost))
            .Select(pair => new StageStay(pair.First.Stage, Math.Max(0, (pair.Second.At - pair.First.At).TotalDays)))
            .ToList();
        return o with { Entries = entries, Stays = stays };
    }

    private static ReportOpportunity Branch(ReportOpportunity o, long at, string branch) =>
        at >= o.BranchAt ? o with { Branch = branch, BranchAt = at } : o;

    private static ReportOpportunity Owner(ReportOpportunity o, long at, Guid? owner) =>
        at >= o.OwnerAt ? o with { OwnerId = owner, OwnerAt = at } : o;

    private static ReportOpportunity Title(ReportOpportunity o, long at, string name) =>
        at >= o.NameAt ? o with { Name = name, NameAt = at } : o;

    private static ReportOpportunity Amount(ReportOpportunity o, long at, Money amount) =>
        at >= o.AmountAt ? o with { Amount = amount.Amount, Currency = amount.Currency, AmountAt = at } : o;

    private static ReportOpportunity CloseDate(ReportOpportunity o, long at, DateOnly close) =>
        at >= o.CloseDateAt
            ? o with { ExpectedCloseDate = close, ExpectedCloseMonth = close.ToString("yyyy-MM", CultureInfo.InvariantCulture), CloseDateAt = at }
            : o;

    private static ReportOpportunity Stage(ReportOpportunity o, long at, string stage, string status) =>
        at >= o.StageAt ? o with { Stage = stage, Status = status, StageAt = at } : o;
}
