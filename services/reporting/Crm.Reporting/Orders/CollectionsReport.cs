using Crm.Reporting.Reports;
using Crm.Reporting.Staff;
using Marten;

namespace Crm.Reporting.Orders;

/// <summary>
/// Analysis 8 of DOMAIN.md: signed vs collected vs outstanding, per customer (a merged customer's
/// orders under its survivor), rep (the order's current owner, who collects; a rep sees the orders
/// they own now) or branch (the one the order was signed in). Counts orders signed and not cancelled;
/// <c>overdue</c> is what is still owed on orders whose payment due time has passed. <c>from</c>/<c>to</c>
/// pick orders by signing day, local to each order's branch.
/// </summary>
public static class CollectionsReport
{
    // "signed" is the managers' word for the amount contracted (API.md), not the integer keyword.
#pragma warning disable CA1720
    public sealed record Item(string Key, string Name, int Orders, decimal Signed, decimal Collected, decimal Outstanding, decimal Overdue);
    public sealed record Totals(int Orders, decimal Signed, decimal Collected, decimal Outstanding, decimal Overdue);
#pragma warning restore CA1720
    public sealed record Response(string GroupBy, IReadOnlyList<Item> Items, Totals Total, DateTimeOffset AsOf, long AsOfPosition, long LagMs);

    public static void MapCollectionsReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/collections", Handle).WithName("CollectionsReport");

    private static async Task<IResult> Handle(string? branch, string? groupBy, DateOnly? from, DateOnly? to,
        HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;
        if (OrderSales.InvalidPeriod(from, to) is { } invalid) return invalid;
        groupBy ??= "customer";
        var staff = await SqlWhere.TableAsync<ReportStaff>(store, ct);
        var (key, name, join) = groupBy switch
        {
            "customer" => ($"CAST({OrderSales.Customer} as text)", "coalesce(max(c.data ->> 'name'), '')", ""),
            "rep" => ("coalesce(o.data ->> 'ownerId', '')", "coalesce(max(st.data ->> 'name'), '')", $"left join {staff} st on st.id = CAST(o.data ->> 'ownerId' as uuid)"),
            "branch" => ("o.data ->> 'branch'", "o.data ->> 'branch'", ""),
            _ => ("", "", (string?)null),
        };
        if (join is null)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["groupBy"] = ["Use customer, rep or branch."] });

        var now = time.GetUtcNow();
        var where = OrderSales.Where(scope, from, to, ownerField: "ownerId");
        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<Item>($"""
            select jsonb_build_object('key', t.key, 'name', t.name, 'orders', t.orders, 'signed', t.signed, 'collected', t.collected,
                                      'outstanding', t.outstanding, 'overdue', t.overdue) from (
              select {key} as key, {name} as name, count(*) as orders, sum({OrderSales.Total}) as signed,
                     sum(CAST(o.data ->> 'collected' as numeric)) as collected, sum(CAST(o.data ->> 'outstanding' as numeric)) as outstanding,
                     sum(case when CAST(o.data ->> 'dueAt' as timestamptz) < ? then CAST(o.data ->> 'outstanding' as numeric) else 0 end) as overdue
              from {await OrderSales.FromAsync(store, ct)} {join}
              where {where.Sql} group by 1) t
            """, ct, [now, .. where.Parameters]);

        var items = rows.OrderByDescending(i => i.Outstanding).ThenByDescending(i => i.Signed).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
        var total = new Totals(items.Sum(i => i.Orders), items.Sum(i => i.Signed), items.Sum(i => i.Collected), items.Sum(i => i.Outstanding), items.Sum(i => i.Overdue));
        var lag = ProjectionLag.Of(await OrderSales.NewestAsync(session, ct));
        return CsvReport.Respond(http, new Response(groupBy, items, total, now, lag.AsOfPosition, lag.LagMs), items);
    }
}
