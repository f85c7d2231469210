namespace Crm.Reporting.Tests;

/// <summary>Publishes customer and order events as the customers and sales services would.</summary>
internal static class OrderEvents
{
    public sealed record Line(Guid ProductId, string Code, decimal Quantity, decimal UnitPrice, string ProductCategory = "parts");

    /// <summary>A customer registered at <paramref name="registeredAt"/> (now by default).</summary>
    public static async Task<Guid> Customer(this ReportingService s, string branch, string category, string name, Guid? ownerId = null, DateTimeOffset? registeredAt = null)
    {
        var customerId = Guid.CreateVersion7();
        await s.Publish("customers.customer-registered", customerId, branch, new { customerId, branch, name, category, ownerId, registeredAt = registeredAt ?? DateTimeOffset.UtcNow });
        return customerId;
    }

    /// <summary>The customer's category changed at <paramref name="updatedAt"/> (now by default).</summary>
    public static Task Recategorised(this ReportingService s, Guid customerId, string branch, string name, string category, DateTimeOffset? updatedAt = null) =>
        s.Publish("customers.customer-profile-updated", customerId, branch, new { customerId, branch, name, category, phones = Array.Empty<string>(), emails = Array.Empty<string>(), addresses = Array.Empty<string>(), changedFields = new[] { "category" }, updatedAt = updatedAt ?? DateTimeOffset.UtcNow });

    /// <summary>An order of one line of <paramref name="total"/> of a fresh product.</summary>
    public static Task<Guid> Order(this ReportingService s, string branch, Guid customerId, Guid ownerId, decimal total, DateTimeOffset signedAt, DateTimeOffset? dueAt = null) =>
        s.Order(branch, customerId, ownerId, [new Line(Guid.CreateVersion7(), "P-ANY", 1, total)], signedAt, dueAt);

    public static async Task<Guid> Order(this ReportingService s, string branch, Guid customerId, Guid ownerId, IReadOnlyList<Line> lines, DateTimeOffset signedAt, DateTimeOffset? dueAt = null)
    {
        var orderId = Guid.CreateVersion7();
        await s.Publish("sales.order-signed", orderId, branch, new
        {
            orderId, branch, customerId, opportunityId = (Guid?)null, ownerId,
            lines = lines.Select(l => new
            {
                productId = l.ProductId, productCode = l.Code, productName = $"Product {l.Code}", productCategory = l.ProductCategory, quantity = l.Quantity,
                unitPrice = new { amount = l.UnitPrice, currency = "CNY" }, lineTotal = new { amount = l.Quantity * l.UnitPrice, currency = "CNY" },
            }).ToList(),
            total = new { amount = lines.Sum(l => l.Quantity * l.UnitPrice), currency = "CNY" },
            signedAt, paymentDueAt = dueAt ?? signedAt.AddDays(30),
        });
        return orderId;
    }

    /// <summary>The body of an order signed for <paramref name="total"/> without lines, as sales publishes it.</summary>
    public static object SignedWithoutLines(Guid orderId, string branch, Guid customerId, decimal total) => new
    {
        orderId, branch, customerId, opportunityId = (Guid?)null, ownerId = Guid.CreateVersion7(), lines = Array.Empty<object>(),
        total = new { amount = total, currency = "CNY" }, signedAt = DateTimeOffset.UtcNow, paymentDueAt = DateTimeOffset.UtcNow.AddDays(30),
    };

    public static Task Cancelled(this ReportingService s, Guid orderId, string branch) =>
        s.Publish("sales.order-cancelled", orderId, branch, new { orderId, branch, reason = "customer withdrew", cancelledAt = DateTimeOffset.UtcNow });

    public static async Task<Guid> Paid(this ReportingService s, Guid orderId, string branch, decimal amount, Guid? paymentId = null)
    {
        var id = paymentId ?? Guid.CreateVersion7();
        await s.Publish("sales.payment-received", orderId, branch, new { orderId, branch, paymentId = id, amount = new { amount, currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, reference = (string?)null });
        return id;
    }

    /// <summary>The payment was reversed at <paramref name="reversedAt"/> (now by default).</summary>
    public static Task Reversed(this ReportingService s, Guid orderId, string branch, Guid paymentId, decimal amount, DateTimeOffset? reversedAt = null) =>
        s.Publish("sales.payment-reversed", orderId, branch, new { orderId, branch, paymentId, amount = new { amount, currency = "CNY" }, reason = "bounced", reversedAt = reversedAt ?? DateTimeOffset.UtcNow });

    public static Task Reassigned(this ReportingService s, Guid orderId, string branch, Guid ownerId, Guid previousOwnerId) =>
        s.Publish("sales.order-owner-assigned", orderId, branch, new { orderId, branch, ownerId, previousOwnerId, assignedAt = DateTimeOffset.UtcNow });
}
