using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Every change to a customer, who made it and when, in every branch it has been in: nothing is ever lost.</summary>
public static class CustomerHistoryEndpoint
{
    public static void MapCustomerHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/{id:guid}/history", Handle).WithName("CustomerHistory").History();

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        var customer = await CustomerLookup.FindVisibleAsync(store, caller, id, ct);
        if (customer is null) return AccessProblems.NotFound("customer");

        var events = await CustomerLookup.StreamAcrossBranchesAsync(store, id, upTo: null, ct);
        return Results.Ok(RecordHistory.From(events));
    }
}
