using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>An internal note on the ticket; it does not count as an answer to the customer.</summary>
public static class CommentOnTicketEndpoint
{
    public sealed record Request(string? Message);

    public static void MapCommentOnTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/comment", Handle).WithName("CommentOnTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors().RequireText("message", request.Message, 4000),
            (t, access) => TicketDecider.Comment(t, new CommentOnTicket(request.Message!, access.Caller.StaffId, time.GetUtcNow())), ct);
}
