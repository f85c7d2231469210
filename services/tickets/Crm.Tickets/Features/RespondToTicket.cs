using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Answers the customer; the first answer stops the response clock (the first-response time reports use).</summary>
public static class RespondToTicketEndpoint
{
    /// <param name="RespondedAt">Only from an import client (crm.import): when the customer was answered.</param>
    public sealed record Request(string? Message, DateTimeOffset? RespondedAt = null);

    public static void MapRespondToTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/respond", Handle).WithName("RespondToTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequireText("message", request.Message, 4000);
        var at = BusinessTimes.Read(errors, TicketAccess.Of(http), "respondedAt", request.RespondedAt, time.GetUtcNow());
        return TicketCommand.RunAsync(http, store, sessions, time, id, errors,
            (t, access) => TicketDecider.Respond(t, new RespondToTicket(request.Message!, access.Caller.StaffId, at)), ct,
            (t, problems) => BusinessTimes.NotBefore(problems, "respondedAt", request.RespondedAt, BusinessTimes.Latest(t), "the ticket's last recorded time"));
    }
}
