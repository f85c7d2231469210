using Crm.Contracts.Sales;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;

namespace Crm.Reporting.Pipeline;

/// <summary>The sales events the pipeline and activity analyses are built from, each filed under the lead, opportunity or activity it is about.</summary>
public static class SalesEventsRecorded
{
    public static ConsumerRegistry RecordSalesEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Record<LeadCaptured>(services, e => e.LeadId)
        .Record<LeadAssigned>(services, e => e.LeadId)
        .Record<LeadConverted>(services, e => e.LeadId)
        .Record<LeadDisqualified>(services, e => e.LeadId)
        .Record<OpportunityOpened>(services, e => e.OpportunityId)
        .Record<OpportunityUpdated>(services, e => e.OpportunityId)
        .Record<OpportunityStageChanged>(services, e => e.OpportunityId)
        .Record<OpportunityWon>(services, e => e.OpportunityId)
        .Record<OpportunityLost>(services, e => e.OpportunityId)
        .Record<OpportunityOwnerAssigned>(services, e => e.OpportunityId)
        .Record<ActivityScheduled>(services, e => e.ActivityId)
        .Record<ActivityAssigned>(services, e => e.ActivityId)
        .Record<ActivityCompleted>(services, e => e.ActivityId)
        .Record<ActivityCancelled>(services, e => e.ActivityId);
}
