using Crm.Customers.Domain;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Replaces what we know about a contact (role, decision maker, preferences, concerns).</summary>
public static class UpdateContactEndpoint
{
    public static void MapUpdateContact(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/customers/{id:guid}/contacts/{contactId:guid}", Handle).WithName("UpdateContact")
            .ChangesCustomer("Replaces what is known about a contact");

    private static async Task<IResult> Handle(Guid id, Guid contactId, ContactRequest request, HttpContext http, CrmSessions sessions,
        IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        if (request.Validate() is { Any: true } errors) return errors.ToProblem();
        return await CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayEdit,
            "Service agents read customers; they do not edit them.",
            c => CustomerDecider.UpdateContact(c, contactId, request.Details, time.GetUtcNow()), ct);
    }
}
