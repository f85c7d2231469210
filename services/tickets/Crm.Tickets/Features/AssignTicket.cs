using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Gives the ticket to a service agent of its branch, or back to the branch's queue with no <c>assigneeId</c>.</summary>
public static class AssignTicketEndpoint
{
    public sealed record Request(Guid? AssigneeId);

    public static void MapAssignTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/assign", Handle).WithName("AssignTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.AssigneeId == Guid.Empty) errors.Add("assigneeId", "'assigneeId' is a staff id, or absent to return the ticket to the queue.");
        return TicketCommand.RunAsync(http, store, sessions, time, id, errors,
            (t, _) => TicketDecider.Assign(t, new AssignTicket(request.AssigneeId, time.GetUtcNow())), ct);
    }
}
