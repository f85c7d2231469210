using Crm.ServiceDefaults.Replicas;
using System.Net.Http.Headers;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Tickets.Customers;

/// <summary>
/// Resolves the customer a ticket is for: the replica first, then the customers service. A customer
/// nobody knows, of another branch than the caller's, or (for a rep) owned by someone else is a bad
/// field (400), because from where the caller stands it does not exist.
/// </summary>
public sealed class KnownCustomers(IDocumentStore store, CustomersDirectory directory, IHttpContextAccessor http, ILogger<KnownCustomers> logger)
{
    public sealed record Lookup(CustomerReplica? Customer, IResult? Problem);

    public async Task<Lookup> ResolveAsync(string field, Guid customerId, Caller caller, CancellationToken ct)
    {
        CustomerReplica? customer;
        await using (var session = store.QuerySession())
            customer = await session.LoadAsync<CustomerReplica>(customerId, ct);

        // A grade change can arrive before the registration: without a name the replica is not enough yet.
        if (customer is not { Name.Length: > 0 } && AuthenticationHeaderValue.TryParse(http.HttpContext?.Request.Headers.Authorization, out var token))
        {
            try
            {
                customer = await directory.FindAsync(customerId, token, ct) is { } seen
                    ? new CustomerReplica(seen.Id, seen.Branch, seen.Name, seen.OwnerId, CustomerReplica.GradeOf(seen.Grade), customer?.MergedInto)
                    : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The customers service could not be asked about customer {CustomerId}", customerId);
                return new(null, Crm.ServiceDefaults.Http.Unavailable.Problem("Customers service unavailable",
                    "This customer is not known here yet and the customers service did not answer; try again shortly."));
            }
        }

        var usable = customer is { Name.Length: > 0 } && caller.Role switch
        {
            // Integrations read every branch; only import clients (crm.import) get this far to open a ticket.
            Roles.GroupExecutive or Roles.Integration => true,
            Roles.SalesRep => customer.Branch == caller.Branch && customer.OwnerId == caller.StaffId,
            _ => customer.Branch == caller.Branch,
        };
        if (!usable) return new(null, new ValidationErrors().Add(field, $"There is no customer {customerId} that you can see.").ToProblem());
        // A merged duplicate's tickets went to the survivor; new ones go there too.
        return customer!.MergedInto is { } survivor
            ? new(null, new ValidationErrors().Add(field, $"Customer {customerId} was merged into {survivor}; use that one.").ToProblem())
            : new(customer, null);
    }
}
