using Crm.Reporting.CustomerMix;
using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// What the sales analyses share: the counted orders (signed, not cancelled) the caller may see,
/// signed in the period asked for, each joined to its customer (alias <c>c</c>) for names and the
/// category fallback. <c>from</c>/<c>to</c> are UTC days, inclusive, as in the pipeline report.
/// </summary>
public static class OrderSales
{
    /// <summary>
    /// The category a sale counts for: the one captured when the order was recorded, else (the customer
    /// was not known to reporting yet) the customer's current one.
    /// </summary>
    public const string Category = "coalesce(nullif(o.data ->> 'category', ''), c.data ->> 'category', '')";

    public const string Total = "CAST(o.data ->> 'total' as numeric)";

    /// <summary>Counted orders (alias <c>o</c>) left-joined to their customers (alias <c>c</c>).</summary>
    public static async Task<string> FromAsync(IDocumentStore store, CancellationToken ct) =>
        $"{await SqlWhere.TableAsync<ReportOrder>(store, ct)} o left join {await SqlWhere.TableAsync<ReportCustomer>(store, ct)} c on c.id = CAST(o.data ->> 'customerId' as uuid)";

    public static SqlWhere Where(ReportScope scope, DateOnly? from, DateOnly? to)
    {
        var where = new SqlWhere("o.data ->> 'counted' = 'true'").Scoped(scope, "o", "ownerId");
        if (from is { } f) where.Add("CAST(o.data ->> 'signedAt' as timestamptz) >= ?", new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        if (to is { } t) where.Add("CAST(o.data ->> 'signedAt' as timestamptz) < ?", new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        return where;
    }

    /// <summary>How far behind the order record is.</summary>
    public static async Task<ReportOrder?> NewestAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<ReportOrder>().OrderByDescending(o => o.SourcePosition).FirstOrDefaultAsync(ct);

    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(part / whole, 4);

    public static IResult? InvalidPeriod(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && f > t
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] })
            : null;
}
