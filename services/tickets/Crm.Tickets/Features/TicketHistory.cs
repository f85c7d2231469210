using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Every change to a ticket, who made it and when: which customers were served, how fast, how it was resolved.</summary>
public static class TicketHistoryEndpoint
{
    public static void MapTicketHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tickets/{id:guid}/history", Handle).WithName("TicketHistory");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var ticket = await TicketLookup.FindVisibleAsync(store, access, id, ct);
        if (ticket is null) return AccessProblems.NotFound("ticket");

        var events = await TicketLookup.StreamAcrossBranchesAsync(store, ticket.Id, upTo: null, ct);
        return Results.Ok(RecordHistory.From(events));
    }
}
