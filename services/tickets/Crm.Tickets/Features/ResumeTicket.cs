using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>The customer answered: the SLA clocks run again from where they paused.</summary>
public static class ResumeTicketEndpoint
{

    public static void MapResumeTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/resume", Handle).WithName("ResumeTicket");

    private static Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors(), (t, _) => TicketDecider.Resume(t, time.GetUtcNow()), ct);
}
