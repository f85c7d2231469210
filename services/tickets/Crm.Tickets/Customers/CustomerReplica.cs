using Crm.Contracts.Customers;
using Crm.Tickets.Domain;
using static Crm.ServiceDefaults.Replicas.ReplicaFacts;

namespace Crm.Tickets.Customers;

/// <summary>
/// The little tickets keeps of each customer (ARCHITECTURE rule 1): its name and branch for the
/// ticket, its owner (reps open tickets for their own customers), its grade (VIP targets) and, for a
/// merged duplicate, the survivor its tickets belong to now.
/// </summary>
public sealed record CustomerReplica(Guid Id, string Branch, string Name, Guid? OwnerId, CustomerGrade Grade, Guid? MergedInto = null)
{
    /// <summary>Where in the customers service's store each fact was last set (<see cref="Never"/> until an event sets it).</summary>
    public CustomerFactPositions At { get; init; } = new();

    /// <summary>Public events carry grades as the API's words: vip, key, normal. An unknown word counts as normal.</summary>
    public static CustomerGrade GradeOf(string? word) =>
        Enum.TryParse<CustomerGrade>(word, ignoreCase: true, out var grade) && Enum.IsDefined(grade) ? grade : CustomerGrade.Normal;

    /// <summary>
    /// The replica after one customers event at <paramref name="position"/>, whatever order the events
    /// arrive in: each fact takes the newest value seen, so a registration arriving after a transfer
    /// leaves the new branch and owner alone, and a grade change arriving before it keeps its grade.
    /// Every event names the customer's branch at its time.
    /// </summary>
    public static CustomerReplica WithEvent(CustomerReplica? known, Guid customerId, long position, object e)
    {
        var r = known ?? new CustomerReplica(customerId, "", "", null, CustomerGrade.Normal);
        return e switch
        {
            CustomerRegistered x => r.InBranch(x.Branch, position).Named(x.Name, position).OwnedBy(x.OwnerId, position).Graded(x.Grade, position),
            CustomerProfileUpdated x => r.InBranch(x.Branch, position).Named(x.Name, position),
            CustomerOwnerAssigned x => r.InBranch(x.Branch, position).OwnedBy(x.OwnerId, position),
            CustomerGradeChanged x => r.InBranch(x.Branch, position).Graded(x.Grade, position),
            CustomerTransferred x => r.InBranch(x.ToBranch, position).Named(x.Name, position).OwnedBy(x.OwnerId, position).Graded(x.Grade, position),
            CustomersMerged x => r.InBranch(x.Branch, position).Merging(x.SurvivorId, position),
            CustomersUnmerged x => r.InBranch(x.Branch, position).Merging(null, position),
            _ => throw new ArgumentException($"{e.GetType().Name} says nothing about a customer tickets keeps.", nameof(e)),
        };
    }

    /// <summary>The customer a customers event is about (for a merge or unmerge, the duplicate).</summary>
    public static Guid CustomerOf(object e) => e switch
    {
        CustomerRegistered x => x.CustomerId,
        CustomerProfileUpdated x => x.CustomerId,
        CustomerOwnerAssigned x => x.CustomerId,
        CustomerGradeChanged x => x.CustomerId,
        CustomerTransferred x => x.CustomerId,
        CustomersMerged x => x.DuplicateId,
        CustomersUnmerged x => x.DuplicateId,
        _ => throw new ArgumentException($"{e.GetType().Name} names no customer tickets keeps.", nameof(e)),
    };

    private CustomerReplica InBranch(string branch, long position) =>
        Supersedes(position, At.Branch) ? this with { Branch = branch, At = At with { Branch = position } } : this;

    private CustomerReplica Named(string name, long position) =>
        Supersedes(position, At.Name) ? this with { Name = name, At = At with { Name = position } } : this;

    private CustomerReplica OwnedBy(Guid? owner, long position) =>
        Supersedes(position, At.Owner) ? this with { OwnerId = owner, At = At with { Owner = position } } : this;

    private CustomerReplica Graded(string? grade, long position) =>
        Supersedes(position, At.Grade) ? this with { Grade = GradeOf(grade), At = At with { Grade = position } } : this;

    private CustomerReplica Merging(Guid? survivor, long position) =>
        Supersedes(position, At.Merge) ? this with { MergedInto = survivor, At = At with { Merge = position } } : this;
}

/// <summary>The customers-store position of the event that last set each fact of a <see cref="CustomerReplica"/>.</summary>
public sealed record CustomerFactPositions(long Branch = Never, long Name = Never, long Owner = Never, long Grade = Never, long Merge = Never);
