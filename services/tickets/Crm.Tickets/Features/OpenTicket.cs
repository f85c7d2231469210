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
/// An import client (crm.import) migrating history may say when it was opened, and also when it was
/// answered and resolved (with the response and resolution): the ticket is then recorded whole, in
/// one transaction, its SLA clocks counting in those business times.
/// </summary>
public static class OpenTicketEndpoint
{
    public sealed record Request(
        Guid? CustomerId, TicketCategory? Category, TicketPriority? Priority, TicketChannel? Channel, string? Subject, string? Description, Guid? AssigneeId,
        DateTimeOffset? OpenedAt = null, DateTimeOffset? RespondedAt = null, string? Response = null, DateTimeOffset? ResolvedAt = null, string? Resolution = null);

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
        var now = time.GetUtcNow();
        var openedAt = BusinessTimes.Read(errors, access, "openedAt", request.OpenedAt, now);
        var respondedAt = BusinessTimes.Read(errors, access, "respondedAt", request.RespondedAt, now);
        var resolvedAt = BusinessTimes.Read(errors, access, "resolvedAt", request.ResolvedAt, now);
        if (access.IsImporter)
        {
            BusinessTimes.NotBefore(errors, "respondedAt", request.RespondedAt, openedAt, "the ticket was opened");
            BusinessTimes.NotBefore(errors, "resolvedAt", request.ResolvedAt, request.RespondedAt ?? openedAt,
                request.RespondedAt is null ? "the ticket was opened" : "it was answered");
        }
        Paired(errors, "respondedAt", request.RespondedAt, "response", request.Response);
        Paired(errors, "resolvedAt", request.ResolvedAt, "resolution", request.Resolution);
        if (errors.Any) return errors.ToProblem();
        if (request.AssigneeId is { } named && named != access.Caller.StaffId && !access.MayWork)
            return access.MayNotWork();

        var (customer, problem) = await customers.ResolveAsync("customerId", request.CustomerId!.Value, access.Caller, ct);
        if (problem is not null) return problem;

        var assignee = request.AssigneeId ?? (access.Caller.Role == Roles.ServiceAgent ? access.Caller.StaffId : null);
        var policies = await SlaPolicySettingsEndpoints.PoliciesAsync(store, customer!.Branch, ct);
        var opened = TicketDecider.Open(new OpenTicket(Guid.CreateVersion7(), customer.Branch, customer.Id, customer.Name, customer.OwnerId, customer.Grade,
            request.Category!.Value, request.Priority ?? TicketPriority.Normal, request.Channel ?? TicketChannel.Other, request.Subject!,
            request.Description, assignee, access.Caller.StaffId, openedAt), policies);

        // Imported history: the answer and the resolution go through the decider at their own times.
        var events = new List<object> { opened };
        var ticket = TicketProjection.Fold(null, opened, 1)!;
        if (request.RespondedAt is not null) ticket = Apply(TicketDecider.Respond(ticket, new RespondToTicket(request.Response!, assignee, respondedAt)));
        if (request.ResolvedAt is not null) ticket = Apply(TicketDecider.Resolve(ticket, new ResolveTicket(request.Resolution!, assignee, resolvedAt)));

        await using var session = sessions.ForBranch(customer.Branch);
        session.Events.StartStream<Ticket>(opened.TicketId, [.. events]);
        await session.SaveChangesAsync(ct);

        ETags.Write(http, ticket.Version);
        return Results.Created($"/api/tickets/{ticket.Id}", TicketResponse.From(ticket, now));

        Ticket Apply(Decision decision)
        {
            // A ticket just opened is active: answering and resolving it is never refused.
            var next = ticket;
            foreach (var e in decision.Events)
            {
                events.Add(e);
                next = TicketProjection.Fold(next, e, events.Count) ?? next;
            }
            return next;
        }
    }

    /// <summary>A business time and its text come together: an answer has a message, a resolution says what was done.</summary>
    private static void Paired(ValidationErrors errors, string timeField, DateTimeOffset? time, string textField, string? text)
    {
        if (time is not null) errors.RequireText(textField, text, 4000);
        else if (text is not null) errors.Add(textField, $"'{textField}' comes with '{timeField}'.");
    }
}
