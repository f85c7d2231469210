using Crm.Customers.Domain;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Removes a contact who left the customer; the history keeps them. Answers with the customer and its new ETag.</summary>
public static class RemoveContactEndpoint
{
    public static void MapRemoveContact(this IEndpointRouteBuilder app) =>
        app.MapDelete("/api/customers/{id:guid}/contacts/{contactId:guid}", Handle).WithName("RemoveContact")
            .ChangesCustomer("Removes a contact who left the customer");

    private static Task<IResult> Handle(Guid id, Guid contactId, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct) =>
        CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayEdit,
            "Service agents read customers; they do not edit them.",
            c => CustomerDecider.RemoveContact(c, contactId, time.GetUtcNow()), ct);
}
