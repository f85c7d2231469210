using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Answers the customer; the first answer stops the response clock (the first-response time reports use).</summary>
public static class RespondToTicketEndpoint
{
    public sealed record Request(string? Message);

    public static void MapRespondToTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/respond", Handle).WithName("RespondToTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors().RequireText("message", request.Message, 4000),
            (t, access) => TicketDecider.Respond(t, new RespondToTicket(request.Message!, access.Caller.StaffId, time.GetUtcNow())), ct);
}
