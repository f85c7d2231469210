namespace Crm.Reporting.CustomerMix;

/// <summary>Reporting's replica of a customer: what the analyses group and rank by.</summary>
public sealed record ReportCustomer(
    Guid Id,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    bool Active,
    decimal Sales,
    long SourcePosition,
    DateTimeOffset OccurredAt,
    DateTimeOffset AppliedAt);
