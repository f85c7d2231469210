using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Resolves the ticket with what was done; the resolution clock stops.</summary>
public static class ResolveTicketEndpoint
{
    /// <param name="ResolvedAt">Only from an import client (crm.import): when the ticket was resolved.</param>
    public sealed record Request(string? Resolution, DateTimeOffset? ResolvedAt = null);

    public static void MapResolveTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/resolve", Handle).WithName("ResolveTicket");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors().RequireText("resolution", request.Resolution, 4000);
        var at = BusinessTimes.Read(errors, TicketAccess.Of(http), "resolvedAt", request.ResolvedAt, time.GetUtcNow());
        return TicketCommand.RunAsync(http, store, sessions, time, id, errors,
            (t, access) => TicketDecider.Resolve(t, new ResolveTicket(request.Resolution!, access.Caller.StaffId, at)), ct,
            (t, problems) => BusinessTimes.NotBefore(problems, "resolvedAt", request.ResolvedAt, BusinessTimes.Latest(t), "the ticket's last recorded time"));
    }
}
