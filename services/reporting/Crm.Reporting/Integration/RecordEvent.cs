using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;

namespace Crm.Reporting.Integration;

/// <summary>Which reporting stream a consumed event belongs to: the record whose report rows it changes.</summary>
public sealed record SubjectOf<T>(Func<T, Guid> Select) where T : class;

/// <summary>Records one kind of public event in reporting's own event store, once per event id.</summary>
public sealed class RecordEvent<T>(IDocumentStore store, SubjectOf<T> subject, TimeProvider time) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context) => store.AppendOnceAsync(context, subject.Select(context.Message), time);
}

public static class RecordedEvents
{
    /// <summary>Consumes <typeparamref name="T"/> on a queue of its own and records it under the record it is about.</summary>
    public static ConsumerRegistry Record<T>(this ConsumerRegistry consumers, IServiceCollection services, Func<T, Guid> subject) where T : class
    {
        services.AddSingleton(new SubjectOf<T>(subject));
        return consumers.Consume<RecordEvent<T>, T>($"record.{CrmEvents.Describe(typeof(T)).RoutingKey}");
    }
}
