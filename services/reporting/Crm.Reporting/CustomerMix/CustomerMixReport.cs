using Crm.Reporting.Reports;
using Marten;

namespace Crm.Reporting.CustomerMix;

/// <summary>Analysis 1 of DOMAIN.md: sales per business category and each category's share.</summary>
public static class CustomerMixReport
{
    public sealed record Item(string Category, int Customers, decimal Sales, decimal Share);
    public sealed record Response(IReadOnlyList<Item> Items, long AsOfPosition, long LagMs);

    public static void MapCustomerMix(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/customer-mix", Handle).WithName("CustomerMixReport");

    private static async Task<IResult> Handle(string? branch, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!ReportAccess.TryScope(http, branch, repsSeeOwnRecords: true, out var scope, out var refusal)) return refusal;

        await using var session = store.QuerySession();
        var customers = session.Query<ReportCustomer>().Where(c => c.Registered && c.Active);
        if (scope.Branch is not null) customers = customers.Where(c => c.Branch == scope.Branch);
        if (scope.OwnerId is not null) customers = customers.Where(c => c.OwnerId == scope.OwnerId);

        // Grouped in PostgreSQL: one row per category comes back, not one per customer.
        var groups = await customers
            .GroupBy(c => c.Category)
            .Select(g => new CategoryTotal(g.Key, g.Count(), g.Sum(c => c.Sales)))
            .ToListAsync(ct);
        var total = groups.Sum(g => g.Sales);
        var items = groups
            .Select(g => new Item(g.Category, g.Customers, g.Sales, total == 0 ? 0 : Math.Round(g.Sales / total, 4)))
            .OrderByDescending(i => i.Sales).ThenByDescending(i => i.Customers).ThenBy(i => i.Category, StringComparer.Ordinal)
            .ToList();

        var lag = ProjectionLag.Of(await session.Query<ReportCustomer>().OrderByDescending(c => c.SourcePosition).FirstOrDefaultAsync(ct));
        return CsvReport.Respond(http, new Response(items, lag.AsOfPosition, lag.LagMs), items);
    }

    private sealed record CategoryTotal(string Category, int Customers, decimal Sales);
}
