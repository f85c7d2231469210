namespace Crm.Sales.Domain;

/// <summary>
/// The record's customer was merged into another by the customers service: it now belongs to the
/// survivor. Stored on opportunities, activities and orders; not published, because subscribers
/// hear of the merge from customers-merged itself.
/// </summary>
public sealed record CustomerMergedInto(Guid RecordId, Guid DuplicateId, Guid SurvivorId, DateTimeOffset MergedAt);
