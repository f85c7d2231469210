using Crm.ServiceDefaults.Replicas;
using System.Net.Http.Headers;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Customers;

/// <summary>
/// Resolves a customer named in a command: the replica first, then the customers service. A
/// customer nobody knows, of another branch, or (for a rep) owned by someone else is a bad field
/// (400), because from where the caller stands it does not exist.
/// </summary>
public sealed class KnownCustomers(IDocumentStore store, CustomersDirectory directory, IHttpContextAccessor http, ILogger<KnownCustomers> logger)
{
    public sealed record Lookup(CustomerReplica? Customer, IResult? Problem);

    public async Task<Lookup> ResolveAsync(string field, Guid customerId, Caller caller, string branch, CancellationToken ct)
    {
        CustomerReplica? customer;
        await using (var session = store.QuerySession())
            customer = await session.LoadAsync<CustomerReplica>(customerId, ct);

        if (customer is null && AuthenticationHeaderValue.TryParse(http.HttpContext?.Request.Headers.Authorization, out var token))
        {
            try
            {
                customer = await directory.FindAsync(customerId, token, ct) is { } seen
                    ? new CustomerReplica(seen.Id, seen.Branch, seen.Name, seen.OwnerId) { Grade = seen.Grade ?? "normal", Archived = seen.Status == "archived" }
                    : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The customers service could not be asked about customer {CustomerId}", customerId);
                return new(null, Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Customers service unavailable",
                    detail: "This customer is not known here yet and the customers service did not answer; try again shortly."));
            }
        }

        if (customer?.MergedInto is { } survivor)
            return new(null, new ValidationErrors().Add(field, $"Customer {customerId} was merged into {survivor}; use that one.").ToProblem());
        if (customer is { Archived: true } && customer.Branch == branch)
            return new(null, new ValidationErrors().Add(field, $"Customer {customerId} is archived; restore it before doing new business with it.").ToProblem());
        var usable = customer is not null && customer.Branch == branch
            && (caller.Role != Roles.SalesRep || customer.OwnerId == caller.StaffId);
        return usable
            ? new(customer, null)
            : new(null, new ValidationErrors().Add(field, $"There is no customer {customerId} in branch '{branch}' that you can see.").ToProblem());
    }
}
