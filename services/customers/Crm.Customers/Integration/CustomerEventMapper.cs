using Crm.Customers.Domain;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Public = Crm.Contracts.Customers;

namespace Crm.Customers.Integration;

/// <summary>The one translation of customers' stored events into the public catalogue.</summary>
public sealed class CustomerEventMapper : IIntegrationEventMapper
{
    public object? Map(IEvent stored)
    {
        var branch = stored.TenantId;
        return stored.Data switch
        {
            CustomerRegistered e => new Public.CustomerRegistered(e.CustomerId, e.Branch, e.Name, e.Category, e.OwnerId, e.RegisteredAt,
                Code(e.Grade), e.Details.TaxId, e.Details.Phones, e.Details.Emails),
            CustomerProfileUpdated e => new Public.CustomerProfileUpdated(e.CustomerId, branch, e.Name, e.Category, e.Details.TaxId,
                e.Details.Phones, e.Details.Emails, e.Details.Addresses, e.Details.Website, e.Details.Needs, e.Details.PainPoints,
                e.Details.Competitors, e.Changed, e.UpdatedAt),
            ContactAdded e => new Public.ContactAdded(e.CustomerId, branch, Contact(e.Contact), e.AddedAt),
            ContactUpdated e => new Public.ContactUpdated(e.CustomerId, branch, Contact(e.Contact), e.UpdatedAt),
            ContactRemoved e => new Public.ContactRemoved(e.CustomerId, branch, e.ContactId, e.RemovedAt),
            CustomerOwnerAssigned e => new Public.CustomerOwnerAssigned(e.CustomerId, branch, e.OwnerId, e.PreviousOwnerId, e.Reason, e.AssignedAt),
            CustomerGradeChanged e => new Public.CustomerGradeChanged(e.CustomerId, branch, Code(e.Grade), Code(e.PreviousGrade), e.ChangedAt),
            CustomerArchived e => new Public.CustomerArchived(e.CustomerId, branch, e.ArchivedAt),
            CustomerRestored e => new Public.CustomerRestored(e.CustomerId, branch, e.RestoredAt),
            // One public event per move, from the new branch's side: subscribers see where it is now.
            CustomerTransferredIn e => new Public.CustomerTransferred(e.CustomerId, e.FromBranch, e.ToBranch, e.State.Name, e.State.Category,
                Code(e.State.Grade), Code(e.State.Status), e.State.OwnerId, e.TransferredAt),
            CustomerDuplicateAbsorbed e => new Public.CustomersMerged(e.CustomerId, e.DuplicateId, branch, [.. e.Contacts.Select(c => c.ContactId)], e.MergedAt),
            CustomerDuplicateSplitOff e => new Public.CustomersUnmerged(e.CustomerId, e.DuplicateId, branch, e.ContactIds, e.UnmergedAt),
            CustomersExported e => new Public.CustomersExported(e.ExportId, e.Branch, e.ExportedBy, e.Filter, e.RowCount, e.ExportedAt),
            _ => null,
        };
    }

    /// <summary>Enum values as the API spells them: <c>vip</c>, <c>transferred-out</c>.</summary>
    public static string Code<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static Public.CustomerContact Contact(Contact c) =>
        new(c.ContactId, c.Name, c.Title, c.DecisionMaker, c.Phone, c.Email, c.Preferences, c.Concerns);
}
