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
                return new(null, Crm.ServiceDefaults.Http.Unavailable.Problem("Customers service unavailable",
                    "This customer is not known here yet and the customers service did not answer; try again shortly."));
            }
        }

        return Refusal(customerId, customer, caller, branch) is { } refusal
            ? new(null, new ValidationErrors().Add(field, refusal).ToProblem())
            : new(customer, null);
    }

    /// <summary>
    /// Why <paramref name="customer"/> (null: nobody knows it) may not take new business in
    /// <paramref name="branch"/> from <paramref name="caller"/>, or null when it may.
    /// </summary>
    public static string? Refusal(Guid customerId, CustomerReplica? customer, Caller caller, string branch)
    {
        if (customer?.MergedInto is { } survivor) return $"Customer {customerId} was merged into {survivor}; use that one.";
        if (customer is { Archived: true } && customer.Branch == branch) return $"Customer {customerId} is archived; restore it before doing new business with it.";
        var usable = customer is not null && customer.Branch == branch
            && (caller.Role != Roles.SalesRep || customer.OwnerId == caller.StaffId);
        return usable ? null : $"There is no customer {customerId} in branch '{branch}' that you can see.";
    }
}
