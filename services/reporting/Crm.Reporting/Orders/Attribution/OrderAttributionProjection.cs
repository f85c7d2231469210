using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Crm.Reporting.Orders.Attribution;

/// <summary>The inline step that keeps <see cref="OrderAttribution"/> current, registered after the report projections it reads.</summary>
public sealed class OrderAttributionProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var orders = new HashSet<Guid>();
        var customers = new HashSet<Guid>();
        var branches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (OrderAttribution.ChangesOrder(e.Data)) orders.Add(e.StreamId);
            if (OrderAttribution.ChangesAttribution(e.Data)) customers.Add(e.StreamId);
            if (OrderAttribution.ChangesCalendarOf(e.Data) is { } branch) branches.Add(branch);
        }
        await AttributionRecording.QueueAsync(operations, orders, customers, cancellation);
        await AttributionRecording.QueueCalendarAsync(operations, branches, cancellation);
    }
}
