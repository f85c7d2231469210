using Crm.ServiceDefaults.Messaging;
using MassTransit;

namespace Crm.Reporting.Integration;

/// <summary>Where an applied event came from: its position in the owning service's store and when it happened.</summary>
public sealed record SourceEvent(long Position, DateTimeOffset OccurredAt)
{
    public static SourceEvent Of<T>(ConsumeContext<T> context) where T : class => new(
        context.Headers.Get<long>(CrmEvents.PositionHeader) ?? 0,
        DateTimeOffset.TryParse(context.Headers.Get<string>(CrmEvents.TimeHeader), out var time) ? time : context.SentTime ?? DateTimeOffset.MinValue);
}
