using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>One customer's current state, with its version as the ETag.</summary>
public static class GetCustomerEndpoint
{
    public static void MapGetCustomer(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/{id:guid}", Handle).WithName("GetCustomer");

    /// <param name="asOf">The customer as it stood at that time (its events up to then), for audits and disputes.</param>
    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        var customer = await FindVisibleAsync(store, caller, id, ct);
        if (customer is null) return AccessProblems.NotFound("customer");
        if (asOf is { } time)
        {
            await using var session = store.QuerySession(customer.Branch);
            var events = await session.Events.FetchStreamAsync(id, timestamp: time, token: ct);
            var then = events.Aggregate((Customer?)null, CustomerProjection.Fold);
            if (then is null) return AccessProblems.NotFound("customer");
            customer = then;
        }
        ETags.Write(http, customer.Version);
        return Results.Ok(CustomerResponse.From(customer));
    }

    /// <summary>Looks only where the caller may look: their branch, or every branch for group roles.</summary>
    internal static async Task<Customer?> FindVisibleAsync(IDocumentStore store, Caller caller, Guid id, CancellationToken ct)
    {
        Customer? customer;
        if (caller.IsGroupLevel)
        {
            await using var any = store.QuerySession();
            customer = await any.Query<Customer>().Where(c => c.AnyTenant() && c.Id == id).FirstOrDefaultAsync(ct);
        }
        else if (caller.Branch is { } branch)
        {
            await using var own = store.QuerySession(branch);
            customer = await own.LoadAsync<Customer>(id, ct);
        }
        else customer = null;
        return customer is not null && CustomerAccess.MaySee(caller, customer) ? customer : null;
    }
}
