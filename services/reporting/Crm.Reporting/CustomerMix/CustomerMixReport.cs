using Crm.ServiceDefaults.Security;
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
        var caller = Caller.From(http.User);
        if (caller.Role is Roles.SystemAdmin or Roles.ServiceAgent)
            return AccessProblems.Forbidden($"A {caller.Role} may not read sales reports.");
        if (!caller.IsGroupLevel && branch is not null && branch != caller.Branch)
            return AccessProblems.Forbidden("Reports cover your own branch only.");

        await using var session = store.QuerySession();
        var customers = session.Query<ReportCustomer>().Where(c => c.Registered && c.Active);
        var scope = caller.IsGroupLevel ? branch : caller.Branch;
        if (scope is not null) customers = customers.Where(c => c.Branch == scope);
        if (caller.Role == Roles.SalesRep) customers = customers.Where(c => c.OwnerId == caller.StaffId);

        var rows = await customers.Select(c => new { c.Category, c.Sales }).ToListAsync(ct);
        var total = rows.Sum(r => r.Sales);
        var items = rows.GroupBy(r => r.Category)
            .Select(g => new Item(g.Key, g.Count(), g.Sum(r => r.Sales), total == 0 ? 0 : Math.Round(g.Sum(r => r.Sales) / total, 4)))
            .OrderByDescending(i => i.Sales).ThenByDescending(i => i.Customers).ThenBy(i => i.Category, StringComparer.Ordinal)
            .ToList();

        var latest = await session.Query<ReportCustomer>().OrderByDescending(c => c.SourcePosition).FirstOrDefaultAsync(ct);
        var lag = latest is null ? 0 : (long)Math.Max(0, (latest.AppliedAt - latest.OccurredAt).TotalMilliseconds);
        return Results.Ok(new Response(items, latest?.SourcePosition ?? 0, lag));
    }
}
