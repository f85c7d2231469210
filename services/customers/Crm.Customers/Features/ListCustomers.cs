using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>The customer list with filters, search and paging, within what the caller may see.</summary>
public static class ListCustomersEndpoint
{
    public sealed record Page(IReadOnlyList<CustomerResponse> Items, string? NextCursor);

    public static void MapListCustomers(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers", Handle).WithName("ListCustomers");

    private static async Task<IResult> Handle(CustomerFilter filter, int? limit, string? cursor, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayRead(caller))
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        var errors = filter.Validate(new ValidationErrors());
        if (limit is < 1 or > 500) errors.Add("limit", "'limit' must be between 1 and 500.");
        var offset = CustomerFilter.Offset(cursor);
        if (offset is null) errors.Add("cursor", "'cursor' is not one this list gave out.");
        if (errors.Any) return errors.ToProblem();

        var take = limit ?? 50;
        await using var session = filter.OpenSession(store, caller);
        var rows = await filter.Apply(session, caller).Skip(offset!.Value).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? CustomerFilter.Cursor(offset.Value + take) : null;
        return Results.Ok(new Page([.. rows.Take(take).Select(CustomerResponse.From)], next));
    }
}
