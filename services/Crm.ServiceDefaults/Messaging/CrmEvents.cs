using System.Collections.Concurrent;
using System.Reflection;
using Crm.Contracts;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>The public exchange and the CloudEvents-style headers subscribers rely on (API.md).</summary>
public static class CrmEvents
{
    public const string Exchange = "crm.events";
    public static readonly Uri ExchangeAddress = new($"exchange:{Exchange}?type=topic");

    public const string IdHeader = "ce-id";
    public const string TypeHeader = "ce-type";
    public const string SourceHeader = "ce-source";
    public const string TimeHeader = "ce-time";
    public const string SubjectHeader = "ce-subject";
    public const string SpecVersionHeader = "ce-specversion";
    public const string BranchHeader = "crm-branch";
    public const string CorrelationHeader = "crm-correlation-id";
    /// <summary>The event's global position in its service's store: ordered, resumable.</summary>
    public const string PositionHeader = "crm-position";

    private static readonly ConcurrentDictionary<Type, IntegrationEventAttribute> Descriptions = new();

    public static IntegrationEventAttribute Describe(Type contract) =>
        Descriptions.GetOrAdd(contract, static type =>
            type.GetCustomAttribute<IntegrationEventAttribute>()
            ?? throw new InvalidOperationException(
                $"{type.FullName} is published but has no [IntegrationEvent] attribute naming its routing key."));
}
