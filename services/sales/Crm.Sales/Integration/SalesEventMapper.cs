using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using Public = Crm.Contracts.Sales;

namespace Crm.Sales.Integration;

/// <summary>The one translation of sales' stored events into the public catalogue.</summary>
public sealed class SalesEventMapper : IIntegrationEventMapper
{
    public object? Map(IEvent stored)
    {
        var branch = stored.TenantId;
        return stored.Data switch
        {
            Domain.LeadCaptured e => new Public.LeadCaptured(e.LeadId, e.Branch, e.Company, e.ContactPerson, e.Phone, e.Email, e.Source, e.OwnerId, e.CapturedAt),
            Domain.LeadAssigned e => new Public.LeadAssigned(e.LeadId, branch, e.AssigneeId, e.PreviousOwnerId, e.AssignedAt),
            Domain.LeadConverted e => new Public.LeadConverted(e.LeadId, branch, e.CustomerId,
                e.NewCustomer is { } c ? new Public.ConvertedCustomer(c.Name, c.Category, Phones: c.Phone is null ? null : [c.Phone], Emails: c.Email is null ? null : [c.Email], OwnerId: c.OwnerId) : null,
                e.OpportunityId, e.ConvertedBy, e.ConvertedAt),
            Domain.LeadDisqualified e => new Public.LeadDisqualified(e.LeadId, branch, e.Reason, e.DisqualifiedAt),
            Domain.OpportunityOpened e => new Public.OpportunityOpened(e.OpportunityId, e.Branch, e.CustomerId, e.LeadId, e.Name, Money(e.Amount),
                e.ExpectedCloseDate, e.Products, e.OwnerId, e.Stage, e.OpenedAt),
            Domain.OpportunityUpdated e => new Public.OpportunityUpdated(e.OpportunityId, branch, e.Name, e.Amount is { } a ? Money(a) : null,
                e.ExpectedCloseDate, e.Products, e.UpdatedAt),
            Domain.OpportunityStageChanged e => new Public.OpportunityStageChanged(e.OpportunityId, branch, e.FromStage, e.ToStage, e.ChangedAt),
            Domain.OpportunityWon e => new Public.OpportunityWon(e.OpportunityId, branch, e.FromStage, Money(e.Amount), e.WonAt),
            Domain.OpportunityLost e => new Public.OpportunityLost(e.OpportunityId, branch, e.FromStage, e.Reason, e.LostAt),
            Domain.OpportunityOwnerAssigned e => new Public.OpportunityOwnerAssigned(e.OpportunityId, branch, e.OwnerId, e.PreviousOwnerId, e.AssignedAt),
            Domain.ActivityScheduled e => new Public.ActivityScheduled(e.ActivityId, e.Branch, Word(e.Kind), Word(e.RegardingType), e.RegardingId,
                e.Subject, e.AssigneeId, e.DueAt, e.ScheduledAt),
            Domain.ActivityAssigned e => new Public.ActivityAssigned(e.ActivityId, branch, e.AssigneeId, e.PreviousAssigneeId, e.AssignedAt),
            Domain.ActivityCompleted e => new Public.ActivityCompleted(e.ActivityId, branch, e.Outcome, e.CompletedAt),
            Domain.ActivityCancelled e => new Public.ActivityCancelled(e.ActivityId, branch, e.Reason, e.CancelledAt),
            Domain.ProductAdded e => new Public.ProductAdded(e.ProductId, e.Code, e.Name, e.Category, Money(e.ListPrice), e.AddedAt),
            Domain.OrderSigned e => new Public.OrderSigned(e.OrderId, e.Branch, e.CustomerId, e.OpportunityId, e.OwnerId,
                e.Lines.Select(l => new Public.OrderLine(l.ProductId, l.ProductCode, l.ProductName, l.ProductCategory, l.Quantity, Money(l.UnitPrice), Money(l.LineTotal))).ToList(),
                Money(e.Total), e.SignedAt, e.PaymentDueAt),
            Domain.OrderCancelled e => new Public.OrderCancelled(e.OrderId, branch, e.Reason, e.CancelledAt),
            Domain.PaymentReceived e => new Public.PaymentReceived(e.OrderId, branch, e.PaymentId, Money(e.Amount), e.ReceivedAt, e.Reference),
            Domain.PaymentReversed e => new Public.PaymentReversed(e.OrderId, branch, e.PaymentId, Money(e.Amount), e.Reason, e.ReversedAt),
            Domain.OrderOwnerAssigned e => new Public.OrderOwnerAssigned(e.OrderId, branch, e.OwnerId, e.PreviousOwnerId, e.AssignedAt),
            _ => null,
        };
    }

    // Public contracts carry enums as the same lower-case words the API uses.
    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static Public.Money Money(Domain.Money m) => new(m.Amount, m.Currency);
}
