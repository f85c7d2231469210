namespace Crm.Reporting.Tests;

/// <summary>Publishes customer, sales and order events at given business times, as their services would.</summary>
internal static class MonthlyEvents
{
    public static async Task<Guid> CustomerRegisteredAt(this ReportingService s, string branch, DateTimeOffset at)
    {
        var customerId = Guid.CreateVersion7();
        await s.Publish("customers.customer-registered", customerId, branch, new { customerId, branch, name = $"Customer {customerId:N}", category = "trader", ownerId = (Guid?)null, registeredAt = at });
        return customerId;
    }

    public static Task CustomerArchivedAt(this ReportingService s, Guid customerId, string branch, DateTimeOffset at) =>
        s.Publish("customers.customer-archived", customerId, branch, new { customerId, branch, archivedAt = at });

    public static Task CustomersMergedAt(this ReportingService s, Guid survivorId, Guid duplicateId, string branch, DateTimeOffset at) =>
        s.Publish("customers.customers-merged", survivorId, branch, new { survivorId, duplicateId, branch, movedContactIds = Array.Empty<Guid>(), mergedAt = at });

    public static async Task<Guid> PaidAt(this ReportingService s, Guid orderId, string branch, decimal amount, DateTimeOffset at)
    {
        var paymentId = Guid.CreateVersion7();
        await s.Publish("sales.payment-received", orderId, branch, new { orderId, branch, paymentId, amount = new { amount, currency = "CNY" }, receivedAt = at, reference = (string?)null });
        return paymentId;
    }

    public static Task CancelledAt(this ReportingService s, Guid orderId, string branch, DateTimeOffset at) =>
        s.Publish("sales.order-cancelled", orderId, branch, new { orderId, branch, reason = "customer withdrew", cancelledAt = at });

    public static Task LeadConvertedAt(this ReportingService s, Guid leadId, string branch, DateTimeOffset at) =>
        s.Publish("sales.lead-converted", leadId, branch, new
        {
            leadId, branch, customerId = Guid.CreateVersion7(), newCustomer = (object?)null, opportunityId = (Guid?)null, convertedBy = Guid.CreateVersion7(), convertedAt = at,
        });

    public static Task LeadDisqualifiedAt(this ReportingService s, Guid leadId, string branch, DateTimeOffset at) =>
        s.Publish("sales.lead-disqualified", leadId, branch, new { leadId, branch, reason = "no budget", disqualifiedAt = at });

    public static Task OpportunityWonAt(this ReportingService s, Guid opportunityId, string branch, decimal amount, DateTimeOffset at) =>
        s.Publish("sales.opportunity-won", opportunityId, branch, new { opportunityId, branch, fromStage = "negotiation", amount = new { amount, currency = "CNY" }, wonAt = at });

    public static Task OpportunityLostAt(this ReportingService s, Guid opportunityId, string branch, DateTimeOffset at) =>
        s.Publish("sales.opportunity-lost", opportunityId, branch, new { opportunityId, branch, fromStage = "proposal", reason = "price", lostAt = at });
}
