using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>One ticket now (or as it stood at <c>asOf</c>), its clocks read at that time, with its version as the ETag.</summary>
public static class GetTicketEndpoint
{
    public static void MapGetTicket(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tickets/{id:guid}", Handle).WithName("GetTicket");

    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var ticket = await TicketLookup.FindVisibleAsync(store, access, id, ct);
        if (ticket is null) return AccessProblems.NotFound("ticket");
        if (asOf is { } then)
        {
            ticket = await TicketLookup.AsOfAsync(store, ticket, then, ct);
            if (ticket is null) return AccessProblems.NotFound("ticket");
        }

        ETags.Write(http, ticket.Version);
        return Results.Ok(TicketResponse.From(ticket, asOf ?? time.GetUtcNow()));
    }
}
