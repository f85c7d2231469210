namespace Crm.Sales.Domain;

// A customer moved to another branch takes its open sales records along (DOMAIN.md). With the
// branch as tenant a stream cannot move: the record's stream is closed in the old branch and
// continued, under the same id, in the new one. Neither event is published; subscribers hear of the
// move from customer-transferred itself.

/// <summary>Closes the opportunity's stream in the branch it left; the projection drops it there.</summary>
public sealed record OpportunityTransferredOut(string ToBranch);

/// <summary>Continues the opportunity in its new branch with the state it had, owned by nobody until reassigned.</summary>
public sealed record OpportunityTransferredIn(string FromBranch, Opportunity State, DateTimeOffset TransferredAt);

/// <summary>Closes the activity's stream in the branch it left; the projection drops it there.</summary>
public sealed record ActivityTransferredOut(string ToBranch);

/// <summary>Continues the activity in its new branch with the state it had, assigned to nobody until reassigned.</summary>
public sealed record ActivityTransferredIn(string FromBranch, Activity State, DateTimeOffset TransferredAt);

/// <summary>Closes the order's stream in the branch it left; the projection drops it there.</summary>
public sealed record OrderTransferredOut(string ToBranch);

/// <summary>Continues the order in its new branch with the state it had, owned by nobody until reassigned.</summary>
public sealed record OrderTransferredIn(string FromBranch, Order State, DateTimeOffset TransferredAt);
