using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Domain;

public class OpportunityDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly Money Amount = new(80000m, "CNY");

    private static OpportunityOpened Opened() => new(Guid.CreateVersion7(), "north", Guid.CreateVersion7(), null, "Spring restock", Amount,
        new DateOnly(2027, 3, 31), [], Guid.CreateVersion7(), "prospecting", Now);

    private static Opportunity Given(params object[] events) => events.Aggregate((Opportunity?)null, OpportunityDecider.Evolve)!;

    [Fact]
    public void Moving_to_another_stage_records_where_it_came_from_and_when()
    {
        var deal = Given(Opened());
        var later = Now.AddDays(3);

        var decision = OpportunityDecider.ChangeStage(deal, new ChangeStage("proposal", later));

        Assert.Equal([new OpportunityStageChanged(deal.Id, "prospecting", "proposal", later)], decision.Events);
        Assert.Equal(later, OpportunityDecider.Evolve(deal, decision.Events[0])!.StageChangedAt);
    }

    [Fact]
    public void A_lost_opportunity_cannot_move_stage()
    {
        var opened = Opened();
        var deal = Given(opened, new OpportunityLost(opened.OpportunityId, "prospecting", "Price", Now));

        var decision = OpportunityDecider.ChangeStage(deal, new ChangeStage("proposal", Now));

        Assert.True(decision.IsRefused);
    }

    [Fact]
    public void A_won_opportunity_cannot_be_lost()
    {
        var opened = Opened();
        var deal = Given(opened, new OpportunityWon(opened.OpportunityId, "negotiation", Amount, Now));

        Assert.True(OpportunityDecider.Lose(deal, new LoseOpportunity("Changed mind", Now)).IsRefused);
        Assert.Equal(OpportunityStatus.Won, deal.Status);
        Assert.Equal("won", deal.Stage);
    }

    [Fact]
    public void Winning_goes_through_win_not_a_stage_change()
    {
        Assert.True(OpportunityDecider.ChangeStage(Given(Opened()), new ChangeStage("won", Now)).IsRefused);
    }

    [Fact]
    public void Moving_to_the_current_stage_is_refused()
    {
        Assert.True(OpportunityDecider.ChangeStage(Given(Opened()), new ChangeStage("prospecting", Now)).IsRefused);
    }

    [Fact]
    public void An_update_changes_only_the_fields_it_names()
    {
        var deal = Given(Opened());

        var decision = OpportunityDecider.Update(deal, new UpdateOpportunity(null, new Money(95000m, "CNY"), null, null, Now));
        var updated = OpportunityDecider.Evolve(deal, decision.Events[0])!;

        Assert.Equal(95000m, updated.Amount.Amount);
        Assert.Equal("Spring restock", updated.Name);
        Assert.Equal(deal.ExpectedCloseDate, updated.ExpectedCloseDate);
    }
}
