using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Closes a resolved ticket; closed is final.</summary>
public static class CloseTicketEndpoint
{

    public static void MapCloseTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/close", Handle).WithName("CloseTicket");

    private static Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors(), (t, _) => TicketDecider.Close(t, time.GetUtcNow()), ct);
}
