using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Customers;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>
/// A customer's complaint, enquiry, service or repair request becomes a ticket in the customer's
/// branch, with its SLA targets fixed now from the branch's policy for its priority and the
/// customer's grade. A service agent who opens one takes it unless they name someone else.
/// </summary>
public static class OpenTicketEndpoint
{
    public sealed record Request(
        Guid? CustomerId, TicketCategory? Category, TicketPriority? Priority, TicketChannel? Channel, string? Subject, string? Description, Guid? AssigneeId);

    public static void MapOpenTicket(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets", Handle).WithName("OpenTicket");

    private static async Task<IResult> Handle(
        Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownCustomers customers, TimeProvider time, CancellationToken ct)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        if (!access.MayOpen) return access.MayNotWork();

        var errors = new ValidationErrors();
        if (request.CustomerId is null || request.CustomerId == Guid.Empty) errors.Add("customerId", "'customerId' is required.");
        if (request.Category is null) errors.Add("category", "'category' is one of complaint, enquiry, service, repair.");
        errors.RequireText("subject", request.Subject, 200);
        if (request.Description?.Length > 4000) errors.Add("description", "'description' must be at most 4000 characters.");
        if (request.AssigneeId == Guid.Empty) errors.Add("assigneeId", "'assigneeId' is a staff id.");
        if (errors.Any) return errors.ToProblem();
        if (request.AssigneeId is { } named && named != access.Caller.StaffId && !access.MayWork)
            return access.MayNotWork();

        var (customer, problem) = await customers.ResolveAsync("customerId", request.CustomerId!.Value, access.Caller, ct);
        if (problem is not null) return problem;

        var assignee = request.AssigneeId ?? (access.Caller.Role == Roles.ServiceAgent ? access.Caller.StaffId : null);
        var policies = await SlaPolicySettingsEndpoints.PoliciesAsync(store, customer!.Branch, ct);
        var opened = TicketDecider.Open(new OpenTicket(Guid.CreateVersion7(), customer.Branch, customer.Id, customer.Name, customer.OwnerId, customer.Grade,
            request.Category!.Value, request.Priority ?? TicketPriority.Normal, request.Channel ?? TicketChannel.Other, request.Subject!,
            request.Description, assignee, access.Caller.StaffId, time.GetUtcNow()), policies);

        await using var session = sessions.ForBranch(customer.Branch);
        session.Events.StartStream<Ticket>(opened.TicketId, opened);
        await session.SaveChangesAsync(ct);

        var ticket = TicketProjection.Fold(null, opened, 1)!;
        ETags.Write(http, ticket.Version);
        return Results.Created($"/api/tickets/{ticket.Id}", TicketResponse.From(ticket, opened.OpenedAt));
    }
}
