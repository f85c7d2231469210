using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>A branch head (or HQ) gives the customer to an account manager.</summary>
public static class AssignOwnerEndpoint
{
    public sealed record Request(Guid? OwnerId);

    public static void MapAssignOwner(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:guid}/owner", Handle).WithName("AssignCustomerOwner")
            .ChangesCustomer("Gives the customer to another account manager");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        if (request.OwnerId is null || request.OwnerId == Guid.Empty)
            return new ValidationErrors().Add("ownerId", "'ownerId' is the staff id of the new owner.").ToProblem();
        return await CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayManage,
            "Only the branch head or head office assigns customers.",
            c => CustomerDecider.AssignOwner(c, request.OwnerId, reason: null, time.GetUtcNow()), ct);
    }
}
