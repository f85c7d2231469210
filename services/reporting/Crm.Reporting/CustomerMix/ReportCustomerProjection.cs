using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Reporting.CustomerMix;

/// <summary>
/// Folds the customer events reporting recorded into <see cref="ReportCustomer"/>: current branch,
/// category and owner, and whether the customer still counts (archived and merged-away ones do not);
/// the history of its categories by business time, and the survivor it is merged into.
/// Order-insensitive: a field changes only when the event is newer at its source than what set it,
/// and the category history is kept sorted by business time whatever order it arrived in.
/// </summary>
public sealed class ReportCustomerProjection : SingleStreamProjection<ReportCustomer, Guid>
{
    /// <summary>Only streams with these events make a row: the others are not this report's records.</summary>
    public ReportCustomerProjection()
    {
        IncludeType<CustomerRegistered>();
        IncludeType<CustomerProfileUpdated>();
        IncludeType<CustomerOwnerAssigned>();
        IncludeType<CustomerArchived>();
        IncludeType<CustomerRestored>();
        IncludeType<CustomerTransferred>();
        IncludeType<CustomersMerged>();
        IncludeType<CustomersUnmerged>();
    }

    public override ReportCustomer? Evolve(ReportCustomer? snapshot, Guid id, IEvent e)
    {
        var at = ReceivedEvents.PositionOf(e);
        var c = snapshot ?? new ReportCustomer(id);
        c = e.Data switch
        {
            CustomerRegistered r => Spell(Profile(Branch(Owner(Status(c with { Registered = true }, at, active: true), at, r.OwnerId), at, r.Branch), at, r.Name, r.Category), at, r.RegisteredAt, r.Category),
            CustomerProfileUpdated u => ChangesCategory(u) ? Spell(Profile(c, at, u.Name, u.Category), at, u.UpdatedAt, u.Category) : Profile(c, at, u.Name, u.Category),
            CustomerOwnerAssigned o => Owner(c, at, o.OwnerId),
            CustomerArchived => Status(c, at, active: false),
            CustomerRestored => Status(c, at, active: true),
            CustomerTransferred t => Spell(Profile(Owner(Branch(c, at, t.ToBranch), at, t.OwnerId), at, t.Name, t.Category), at, t.TransferredAt, t.Category),
            CustomersMerged m => Merge(Status(c, at, active: false), at, m.SurvivorId),
            CustomersUnmerged => Merge(Status(c, at, active: true), at, null),
            _ => c,
        };
        return c with
        {
            SourcePosition = Math.Max(c.SourcePosition, at),
            OccurredAt = ReceivedEvents.OccurredAt(e),
            AppliedAt = e.Timestamp,
        };
    }

    private static ReportCustomer Profile(ReportCustomer c, long at, string name, string category) =>
        at >= c.ProfileAt ? c with { Name = name, Category = category, ProfileAt = at } : c;

    private static ReportCustomer Branch(ReportCustomer c, long at, string branch) =>
        at >= c.BranchAt ? c with { Branch = branch, BranchAt = at } : c;

    private static ReportCustomer Owner(ReportCustomer c, long at, Guid? owner) =>
        at >= c.OwnerAt ? c with { OwnerId = owner, OwnerAt = at } : c;

    /// <summary>Files the category held from <paramref name="from"/> on, once per source event, in business-time order.</summary>
    private static ReportCustomer Spell(ReportCustomer c, long at, DateTimeOffset from, string category) =>
        c.Categories.Any(s => s.Position == at && s.From == from)
            ? c
            : c with { Categories = [.. c.Categories.Append(new CategorySpell(from, at, category)).OrderBy(s => s.From).ThenBy(s => s.Position)] };

    /// <summary>
    /// An edit that left the category alone says nothing the history does not already hold (the category
    /// before it), so only edits listing <c>category</c> among the changed fields add to it; an edit that
    /// lists no fields at all is taken as possibly changing it.
    /// </summary>
    private static bool ChangesCategory(CustomerProfileUpdated u) =>
        u.ChangedFields is not { Count: > 0 } || u.ChangedFields.Contains("category", StringComparer.OrdinalIgnoreCase);

    private static ReportCustomer Merge(ReportCustomer c, long at, Guid? survivor) =>
        at >= c.MergeAt ? c with { MergedInto = survivor, MergeAt = at } : c;

    private static ReportCustomer Status(ReportCustomer c, long at, bool active) =>
        at >= c.StatusAt ? c with { Active = active, StatusAt = at } : c;
}
