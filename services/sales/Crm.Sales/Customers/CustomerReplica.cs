using Crm.Contracts.Customers;
using static Crm.ServiceDefaults.Replicas.ReplicaFacts;

namespace Crm.Sales.Customers;

/// <summary>
/// The little sales keeps of each customer (ARCHITECTURE rule 1): enough to check that a command
/// names a real, active customer of the record's branch, and whom it belongs to. <c>MergedInto</c>:
/// the survivor a duplicate was merged into; new business goes to the survivor.
/// </summary>
public sealed record CustomerReplica(Guid Id, string Branch, string Name, Guid? OwnerId, Guid? MergedInto = null)
{
    public string Grade { get; init; } = "normal";
    public bool Archived { get; init; }

    /// <summary>Where in the customers service's store each fact was last set (<see cref="Never"/> until an event sets it).</summary>
    public CustomerFactPositions At { get; init; } = new();

    /// <summary>
    /// The replica after one customers event at <paramref name="position"/>, whatever order the events
    /// arrive in: each fact takes the newest value seen, so a registration arriving after a transfer
    /// leaves the new branch and owner alone. Every event names the customer's branch at its time.
    /// </summary>
    public static CustomerReplica WithEvent(CustomerReplica? known, Guid customerId, long position, object e)
    {
        var r = known ?? new CustomerReplica(customerId, "", "", null);
        return e switch
        {
            CustomerRegistered x => r.InBranch(x.Branch, position).Named(x.Name, position).OwnedBy(x.OwnerId, position)
                .Graded(x.Grade, position).Archiving(false, position),
            CustomerProfileUpdated x => r.InBranch(x.Branch, position).Named(x.Name, position),
            CustomerOwnerAssigned x => r.InBranch(x.Branch, position).OwnedBy(x.OwnerId, position),
            CustomerGradeChanged x => r.InBranch(x.Branch, position).Graded(x.Grade, position),
            CustomerArchived x => r.InBranch(x.Branch, position).Archiving(true, position),
            CustomerRestored x => r.InBranch(x.Branch, position).Archiving(false, position),
            CustomerTransferred x => r.InBranch(x.ToBranch, position).Named(x.Name, position).OwnedBy(x.OwnerId, position)
                .Graded(x.Grade, position).Archiving(x.Status == "archived", position),
            CustomersMerged x => r.InBranch(x.Branch, position).Merging(x.SurvivorId, position),
            CustomersUnmerged x => r.InBranch(x.Branch, position).Merging(null, position),
            _ => throw new ArgumentException($"{e.GetType().Name} says nothing about a customer sales keeps.", nameof(e)),
        };
    }

    private CustomerReplica InBranch(string branch, long position) =>
        Supersedes(position, At.Branch) ? this with { Branch = branch, At = At with { Branch = position } } : this;

    private CustomerReplica Named(string name, long position) =>
        Supersedes(position, At.Name) ? this with { Name = name, At = At with { Name = position } } : this;

    private CustomerReplica OwnedBy(Guid? owner, long position) =>
        Supersedes(position, At.Owner) ? this with { OwnerId = owner, At = At with { Owner = position } } : this;

    private CustomerReplica Graded(string grade, long position) =>
        Supersedes(position, At.Grade) ? this with { Grade = grade, At = At with { Grade = position } } : this;

    private CustomerReplica Archiving(bool archived, long position) =>
        Supersedes(position, At.Status) ? this with { Archived = archived, At = At with { Status = position } } : this;

    private CustomerReplica Merging(Guid? survivor, long position) =>
        Supersedes(position, At.Merge) ? this with { MergedInto = survivor, At = At with { Merge = position } } : this;
}

/// <summary>The customers-store position of the event that last set each fact of a <see cref="CustomerReplica"/>.</summary>
public sealed record CustomerFactPositions(
    long Branch = Never, long Name = Never, long Owner = Never, long Grade = Never, long Status = Never, long Merge = Never);
