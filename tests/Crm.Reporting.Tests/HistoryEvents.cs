namespace Crm.Reporting.Tests;

/// <summary>
/// Publishes customer and order events with the business times and source positions a story needs,
/// so a test can send them in any order of arrival, and returns each event's id (to wait for it in
/// the inbox, or to deliver it again).
/// </summary>
internal static class HistoryEvents
{
    private static long position = 50_000_000;

    /// <summary>Source positions, reserved in the order the events happened at their source.</summary>
    public static long[] Positions(int count)
    {
        var last = Interlocked.Add(ref position, count);
        return [.. Enumerable.Range(0, count).Select(i => last - count + 1 + i)];
    }

    /// <summary>Waits until the event of <paramref name="eventId"/> is recorded (once, in the inbox).</summary>
    public static Task<int> WaitRecorded(this ReportingService s, Guid eventId, string what) =>
        Crm.Testing.Eventually.Get(() => s.Factory.InboxCountAsync(eventId), n => n == 1, what: what);

    public static async Task<Guid> Send(this ReportingService s, string routingKey, Guid subject, string branch, long at, object body, Guid? eventId = null)
    {
        var id = eventId ?? Guid.CreateVersion7();
        await s.PublishAsync(routingKey, id, subject, branch, at, body);
        return id;
    }

    public static Task<Guid> Registered(this ReportingService s, long at, Guid customerId, string branch, string name, string category, DateTimeOffset registeredAt, Guid? ownerId = null) =>
        s.Send("customers.customer-registered", customerId, branch, at, new { customerId, branch, name, category, ownerId, registeredAt });

    public static Task<Guid> ProfileUpdated(this ReportingService s, long at, Guid customerId, string branch, string name, string category, DateTimeOffset updatedAt) =>
        s.Send("customers.customer-profile-updated", customerId, branch, at, new
        {
            customerId, branch, name, category, phones = Array.Empty<string>(), emails = Array.Empty<string>(), addresses = Array.Empty<string>(),
            changedFields = new[] { "category" }, updatedAt,
        });

    public static Task<Guid> Transferred(this ReportingService s, long at, Guid customerId, string from, string to, string name, string category, Guid? ownerId, DateTimeOffset transferredAt) =>
        s.Send("customers.customer-transferred", customerId, to, at, new
        {
            customerId, fromBranch = from, toBranch = to, name, category, grade = "normal", status = "active", ownerId, transferredAt,
        });

    public static Task<Guid> Merged(this ReportingService s, long at, Guid survivorId, Guid duplicateId, string branch, DateTimeOffset mergedAt) =>
        s.Send("customers.customers-merged", duplicateId, branch, at, new { survivorId, duplicateId, branch, movedContactIds = Array.Empty<Guid>(), mergedAt });

    public static Task<Guid> Unmerged(this ReportingService s, long at, Guid survivorId, Guid duplicateId, string branch, DateTimeOffset unmergedAt) =>
        s.Send("customers.customers-unmerged", duplicateId, branch, at, new { survivorId, duplicateId, branch, returnedContactIds = Array.Empty<Guid>(), unmergedAt });

    public static Task<Guid> BranchOpened(this ReportingService s, string branch, string timeZone) =>
        s.Send("identity.branch-opened", Guid.Empty, branch, Positions(1)[0], new { branch, name = $"Branch {branch}", timeZone, openedAt = DateTimeOffset.UtcNow });

    /// <summary>Order-signed of one line of <paramref name="total"/>; <paramref name="eventId"/> to deliver the same event again.</summary>
    public static Task<Guid> Signed(this ReportingService s, Guid orderId, string branch, Guid customerId, Guid ownerId, decimal total, DateTimeOffset signedAt, Guid? eventId = null) =>
        s.Send("sales.order-signed", orderId, branch, Positions(1)[0], new
        {
            orderId, branch, customerId, opportunityId = (Guid?)null, ownerId,
            lines = new[]
            {
                new
                {
                    productId = Guid.CreateVersion7(), productCode = "P-ANY", productName = "Product P-ANY", productCategory = "parts", quantity = 1m,
                    unitPrice = new { amount = total, currency = "CNY" }, lineTotal = new { amount = total, currency = "CNY" },
                },
            },
            total = new { amount = total, currency = "CNY" }, signedAt, paymentDueAt = signedAt.AddDays(30),
        }, eventId);

    public static DateTimeOffset Utc(string time) => DateTimeOffset.Parse(time + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
