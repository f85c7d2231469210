using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Resolves the ticket with what was done; the resolution clock stops.</summary>
public static class ResolveTicketEndpoint
{
    public sealed record Request(string? Resolution);

    public static void MapResolveTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/resolve", Handle).WithName("ResolveTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors().RequireText("resolution", request.Resolution, 4000),
            (t, access) => TicketDecider.Resolve(t, new ResolveTicket(request.Resolution!, access.Caller.StaffId, time.GetUtcNow())), ct);
}
