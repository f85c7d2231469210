using JasperFx.Events;

namespace Crm.ServiceDefaults.Messaging;

/// <summary>
/// The one place where a service turns its private, stored domain events into public contracts
/// (types from Crm.Contracts carrying <c>[IntegrationEvent]</c>). Events that are not part of the
/// public catalogue map to <c>null</c> and stay private.
/// </summary>
public interface IIntegrationEventMapper
{
    object? Map(IEvent stored);
}

/// <summary>For services that publish nothing (yet): every stored event stays private.</summary>
public sealed class NoIntegrationEvents : IIntegrationEventMapper
{
    public object? Map(IEvent stored) => null;
}
