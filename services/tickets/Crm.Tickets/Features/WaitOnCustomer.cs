using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>The ticket waits on the customer: its SLA clocks pause, because that time is not the branch'\''s to count.</summary>
public static class WaitOnCustomerEndpoint
{

    public static void MapWaitOnCustomer(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/wait", Handle).WithName("WaitOnCustomer");

    private static Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct) =>
        TicketCommand.RunAsync(http, store, sessions, time, id, new ValidationErrors(), (t, _) => TicketDecider.Wait(t, time.GetUtcNow()), ct);
}
