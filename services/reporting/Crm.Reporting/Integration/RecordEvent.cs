using Crm.ServiceDefaults.Messaging;
using MassTransit;

namespace Crm.Reporting.Integration;

/// <summary>Which reporting stream a consumed event belongs to: the record whose report rows it changes.</summary>
public sealed record SubjectOf<T>(Func<T, Guid> Select) where T : class;

/// <summary>Records one kind of public event in reporting's own event store, once per event id, in the recorder's next batch.</summary>
public sealed class RecordEvent<T>(EventRecorder recorder, SubjectOf<T> subject) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context) => recorder.RecordAsync(context, subject.Select(context.Message));
}

public static class RecordedEvents
{
    /// <summary>Consumes <typeparamref name="T"/> and records it under the record it is about.</summary>
    public static ConsumerRegistry Record<T>(this ConsumerRegistry consumers, IServiceCollection services, Func<T, Guid> subject) where T : class
    {
        services.AddSingleton(new SubjectOf<T>(subject));
        return consumers.Consume<RecordEvent<T>, T>();
    }
}
