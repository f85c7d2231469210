using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>One customer's current state, with its version as the ETag. A merged duplicate answers with <c>mergedInto</c>.</summary>
public static class GetCustomerEndpoint
{
    public static void MapGetCustomer(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/{id:guid}", Handle).WithName("GetCustomer")
            .Reads<CustomerResponse>("One customer, now or as it stood at ?asOf=");

    /// <param name="asOf">The customer as it stood at that time (its events up to then), for audits and disputes.</param>
    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        var customer = await CustomerLookup.FindVisibleAsync(store, caller, id, ct);
        if (customer is null) return AccessProblems.NotFound("customer");
        if (asOf is { } time)
        {
            var events = await CustomerLookup.StreamAcrossBranchesAsync(store, id, time, ct);
            var then = events.Aggregate((Customer?)null, CustomerProjection.Fold);
            if (then is null) return AccessProblems.NotFound("customer");
            customer = then;
        }
        else if (customer.MergedInto is { } survivor)
        {
            http.Response.Headers.Link = $"</api/customers/{survivor}>; rel=\"merged-into\"";
        }
        ETags.Write(http, customer.Version);
        return Results.Ok(CustomerResponse.From(customer));
    }
}
