using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Domain;

public class LeadDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Rep = Guid.CreateVersion7();

    private static Lead Given(params object[] events) => events.Aggregate((Lead?)null, LeadDecider.Evolve)!;

    private static LeadCaptured Captured(Guid? id = null) => new(id ?? Guid.CreateVersion7(), "north", "Hengda", null, null, null, "referral", null, Rep, Now);

    [Fact]
    public void Capturing_a_lead_trims_its_fields_and_leaves_blank_ones_out()
    {
        var id = Guid.CreateVersion7();

        var captured = LeadDecider.Capture(new CaptureLead(id, "north", "  Hengda  ", " ", null, " li@hengda.example ", "fair", null, Rep, Now));

        Assert.Equal(new LeadCaptured(id, "north", "Hengda", null, null, "li@hengda.example", "fair", null, Rep, Now), captured);
    }

    [Fact]
    public void Converting_an_open_lead_records_the_customer_and_opportunity()
    {
        var lead = Given(Captured());
        var customer = Guid.CreateVersion7();
        var opportunity = Guid.CreateVersion7();

        var decision = LeadDecider.Convert(lead, new ConvertLead(customer, null, opportunity, Rep, Now));

        Assert.Equal([new LeadConverted(lead.Id, customer, null, opportunity, Rep, Now)], decision.Events);
    }

    [Fact]
    public void Converting_twice_is_refused()
    {
        var captured = Captured();
        var lead = Given(captured, new LeadConverted(captured.LeadId, Guid.CreateVersion7(), null, null, Rep, Now));

        var decision = LeadDecider.Convert(lead, new ConvertLead(Guid.CreateVersion7(), null, null, Rep, Now));

        Assert.True(decision.IsRefused);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Converting_a_disqualified_lead_is_refused()
    {
        var captured = Captured();
        var lead = Given(captured, new LeadDisqualified(captured.LeadId, "No budget", Now));

        Assert.True(LeadDecider.Convert(lead, new ConvertLead(Guid.CreateVersion7(), null, null, Rep, Now)).IsRefused);
    }

    [Fact]
    public void Assigning_a_closed_lead_is_refused()
    {
        var captured = Captured();
        var lead = Given(captured, new LeadDisqualified(captured.LeadId, "Duplicate", Now));

        Assert.True(LeadDecider.Assign(lead, new AssignLead(Guid.CreateVersion7(), Now)).IsRefused);
    }

    [Fact]
    public void Assigning_records_the_previous_owner()
    {
        var lead = Given(Captured());
        var next = Guid.CreateVersion7();

        var decision = LeadDecider.Assign(lead, new AssignLead(next, Now));

        Assert.Equal([new LeadAssigned(lead.Id, next, Rep, Now)], decision.Events);
        Assert.Equal(next, LeadDecider.Evolve(lead, decision.Events[0])!.OwnerId);
    }
}
