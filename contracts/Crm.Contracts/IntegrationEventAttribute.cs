namespace Crm.Contracts;

/// <summary>
/// Names a public integration event on the <c>crm.events</c> topic exchange: routing key
/// <c>{Service}.{Name}</c>, CloudEvents type <c>crm.{Service}.{Name}.v{Version}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventAttribute(string service, string name, int version = 1) : Attribute
{
    public string Service { get; } = service;
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string RoutingKey { get; } = $"{service}.{name}";
    public string CloudEventType { get; } = $"crm.{service}.{name}.v{version}";
}
