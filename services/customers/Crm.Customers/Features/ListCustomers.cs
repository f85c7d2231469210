using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// The customer list with filters, search and keyset paging, within what the caller may see: the
/// cursor names the last row served, so customers registered meanwhile are neither skipped nor repeated.
/// </summary>
public static class ListCustomersEndpoint
{
    public sealed record Page(IReadOnlyList<CustomerResponse> Items, string? NextCursor);

    public static void MapListCustomers(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers", Handle).WithName("ListCustomers")
            .Reads<Page>("Lists customers with filters, a sort and keyset paging", byId: false)
            .WithDescription(CustomerFilter.Description + " Paging: limit (1-500, default 50) and the nextCursor of the previous page.");

    private static async Task<IResult> Handle(CustomerFilter filter, int? limit, string? cursor, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayRead(caller))
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        var errors = filter.Validate(new ValidationErrors());
        if (limit is < 1 or > Paging.MaxLimit) errors.Add("limit", $"'limit' must be between 1 and {Paging.MaxLimit}.");
        var after = errors.Any ? null : filter.ReadCursor(cursor, errors);
        if (errors.Any) return errors.ToProblem();

        var take = limit ?? Paging.DefaultLimit;
        await using var session = filter.OpenSession(store, caller);
        var rows = await filter.Apply(session, caller, after).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? filter.CursorAfter(items[^1]).Encode() : null;
        return Results.Ok(new Page([.. items.Select(CustomerResponse.From)], next));
    }
}
