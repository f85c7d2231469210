namespace Crm.Sales.Customers;

/// <summary>
/// The little sales keeps of each customer (ARCHITECTURE rule 1): enough to check that a command
/// names a real customer of the record's branch, and whom it belongs to. <c>MergedInto</c>: the
/// survivor a duplicate was merged into; new business goes to the survivor.
/// </summary>
public sealed record CustomerReplica(Guid Id, string Branch, string Name, Guid? OwnerId, Guid? MergedInto = null);
