namespace Crm.Sales.Domain;

/// <summary>What every branch-owned sales record has: the scope the role matrix is checked against, and its version.</summary>
public interface ISalesRecord
{
    Guid Id { get; }
    string Branch { get; }
    /// <summary>The rep who works it; reps see and change only what they own.</summary>
    Guid? OwnerId { get; }
    long Version { get; }
}
