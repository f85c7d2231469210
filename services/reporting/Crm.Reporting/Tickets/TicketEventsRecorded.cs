using Crm.Contracts.Tickets;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;

namespace Crm.Reporting.Tickets;

/// <summary>The tickets service's public events the service and monthly reports are built from, each filed under its ticket.</summary>
public static class TicketEventsRecorded
{
    public static ConsumerRegistry RecordTicketEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Record<TicketOpened>(services, e => e.TicketId)
        .Record<TicketAssigned>(services, e => e.TicketId)
        .Record<TicketResponded>(services, e => e.TicketId)
        .Record<TicketEscalated>(services, e => e.TicketId)
        .Record<TicketResolved>(services, e => e.TicketId)
        .Record<TicketReopened>(services, e => e.TicketId)
        .Record<TicketClosed>(services, e => e.TicketId)
        .Record<SatisfactionRated>(services, e => e.TicketId);
}
