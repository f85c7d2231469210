using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.CustomerMix;

/// <summary>Reporting's view of each customer, folded from the customer events it has recorded.</summary>
public sealed class ReportCustomerProjection : SingleStreamProjection<ReportCustomer, Guid>
{
    public override ReportCustomer? Evolve(ReportCustomer? snapshot, Guid id, IEvent e) => e.Data switch
    {
        CustomerRegistered r => new ReportCustomer(r.CustomerId, r.Branch, r.Name, r.Category, r.OwnerId,
            Active: true, Sales: 0m, ReceivedEvents.PositionOf(e), ReceivedEvents.OccurredAt(e), e.Timestamp),
        _ => snapshot,
    };
}
