using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features;

/// <summary>
/// The steps every command on an existing record shares: the expected version from <c>If-Match</c>
/// (412 when stale), the decision on the current state (409 when refused), the append in one
/// transaction, and the new state with its ETag.
/// </summary>
public static class RecordCommand
{
    public delegate T? Fold<T>(T? state, object data, long version);

    public static async Task<IResult> DecideAsync<T>(
        HttpContext http, CrmSessions sessions, T seen, Func<T, Decision> decide, Fold<T> fold, Func<T, object> respond,
        CancellationToken ct, Action<IDocumentSession, Decision>? alongside = null)
        where T : class, ISalesRecord
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected))
            return new ValidationErrors().Add("If-Match", "'If-Match' is an ETag this API returned, such as \"3\".").ToProblem();

        await using var session = sessions.ForBranch(seen.Branch);
        var stream = expected is { } version
            ? await session.Events.FetchForWriting<T>(seen.Id, version, ct)
            : await session.Events.FetchForWriting<T>(seen.Id, ct);
        var current = stream.Aggregate ?? seen;

        var decision = decide(current);
        if (decision.Refusal is { } reason) return Refused(reason);

        stream.AppendMany(decision.Events);
        alongside?.Invoke(session, decision);
        await session.SaveChangesAsync(ct);

        var next = current;
        var at = stream.StartingVersion ?? current.Version;
        foreach (var e in decision.Events) next = fold(next, e, ++at) ?? next;
        ETags.Write(http, next.Version);
        return Results.Ok(respond(next));
    }

    public static IResult Refused(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the record's current state", detail: reason);
}
