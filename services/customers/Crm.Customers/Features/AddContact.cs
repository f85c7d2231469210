using Crm.Customers.Domain;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Adds a person at the customer. The new contact's address is in <c>Location</c>; the body is the customer.</summary>
public static class AddContactEndpoint
{
    public static void MapAddContact(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:guid}/contacts", Handle).WithName("AddContact")
            .ChangesCustomer("Adds a contact person", StatusCodes.Status201Created);

    private static async Task<IResult> Handle(Guid id, ContactRequest request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        if (request.Validate() is { Any: true } errors) return errors.ToProblem();
        var contactId = Guid.CreateVersion7();
        var result = await CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayEdit,
            "Service agents read customers; they do not edit them.",
            c => CustomerDecider.AddContact(c, contactId, request.Details, time.GetUtcNow()), ct);
        return result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: CustomerResponse customer }
            ? Results.Created($"/api/customers/{id}/contacts/{contactId}", customer)
            : result;
    }
}
