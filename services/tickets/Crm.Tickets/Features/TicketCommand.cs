using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>
/// The steps every command on a ticket takes, in API.md's order: 403 for roles with no business
/// here, 404 when the caller cannot see it, 403 when their role may not work it, 400 for a bad
/// <c>If-Match</c>, 412 when it is stale, 409 when the decider refuses; otherwise the events are
/// appended in one transaction and the new state returned with its ETag.
/// </summary>
public static class TicketCommand
{
    public static async Task<IResult> RunAsync(
        HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, Guid id,
        ValidationErrors errors, Func<Ticket, TicketAccess, Decision> decide, CancellationToken ct,
        Action<Ticket, ValidationErrors>? checkAgainst = null)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var seen = await TicketLookup.FindVisibleAsync(store, access, id, ct);
        if (seen is null) return AccessProblems.NotFound("ticket");
        if (!access.MayWork) return access.MayNotWork();
        if (!ETags.TryReadIfMatch(http.Request, out var expected))
            errors.Add("If-Match", "'If-Match' is an ETag this API returned, such as \"3\".");
        if (errors.Any) return errors.ToProblem();

        await using var session = sessions.ForBranch(seen.Branch);
        var stream = expected is { } version
            ? await session.Events.FetchForWriting<Ticket>(id, version, ct)
            : await session.Events.FetchForWriting<Ticket>(id, ct);
        var current = stream.Aggregate ?? seen;
        // Input that is only wrong for this ticket as it is (a business time before what it recorded): 400, nothing written.
        checkAgainst?.Invoke(current, errors);
        if (errors.Any) return errors.ToProblem();

        var decision = decide(current, access);
        if (decision.Refusal is { } reason)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the ticket's current state", detail: reason);
        if (decision.Events.Count > 0)
        {
            stream.AppendMany(decision.Events);
            await session.SaveChangesAsync(ct);
        }

        var next = current;
        var at = stream.StartingVersion ?? current.Version;
        foreach (var e in decision.Events) next = TicketProjection.Fold(next, e, ++at) ?? next;
        ETags.Write(http, next.Version);
        return Results.Ok(TicketResponse.From(next, time.GetUtcNow()));
    }
}
