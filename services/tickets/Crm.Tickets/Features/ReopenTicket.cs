using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>A resolved ticket was not done after all: it is open again and its resolution clock runs on.</summary>
public static class ReopenTicketEndpoint
{
    public static void MapReopenTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/reopen", Handle).WithName("ReopenTicket");

    private static Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors(),
            (t, _) => TicketDecider.Reopen(t, new ReopenTicket(null, time.GetUtcNow())), ct);
}
