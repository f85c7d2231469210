namespace Crm.ServiceDefaults;

/// <summary>The service's short name (customers, sales, ...): its database, queues and event source.</summary>
public sealed record ServiceIdentity(string Name);
