using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>Records how satisfied the customer was with a resolved ticket, once: a score from 1 to 5 and what they said.</summary>
public static class RateSatisfactionEndpoint
{
    public sealed record Request(int? Score, string? Comment);

    public static void MapRateSatisfaction(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tickets/{id:guid}/satisfaction", Handle).WithName("RateSatisfaction");

    private static Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Score is not (>= 1 and <= 5)) errors.Add("score", "'score' is a whole number from 1 to 5.");
        if (request.Comment?.Length > 2000) errors.Add("comment", "'comment' must be at most 2000 characters.");
        return TicketCommand.RunAsync(http, store, sessions, time, id, errors,
            (t, _) => TicketDecider.Rate(t, new RateSatisfaction(request.Score ?? 0, request.Comment, time.GetUtcNow())), ct);
    }
}
