using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Identity.Features;

/// <summary>What a use case asks of an account once the caller may touch it: a command, or a refusal.</summary>
internal sealed record StaffChangeRequest(StaffCommand? Command, IResult? Refusal)
{
    public static implicit operator StaffChangeRequest(StaffCommand command) => new(command, null);

    public static StaffChangeRequest Refuse(IResult refusal) => new(null, refusal);
}

/// <summary>
/// The path every administrator's command on one account takes: may the caller manage accounts
/// (403), can they see this one (404), is their If-Match current (412), does the account allow it
/// (409); then the events are appended and the new state answered with its ETag.
/// </summary>
internal static class StaffChange
{
    public static async Task<IResult> ByAdministratorAsync(HttpContext http, CrmSessions sessions, Guid id,
        Func<Caller, StaffAccount, IDocumentSession, Task<StaffChangeRequest>> prepare, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!StaffAccess.MayManage(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not manage staff accounts.");

        await using var session = sessions.Unscoped();
        var account = await session.LoadAsync<StaffAccount>(id, ct);
        if (account is null || !StaffAccess.Sees(caller, account))
            return AccessProblems.NotFound("staff member");

        var request = await prepare(caller, account, session);
        return request.Refusal ?? await AppendAsync(http, session, id, request.Command!, ct);
    }

    public static async Task<IResult> AppendAsync(HttpContext http, IDocumentSession session, Guid id, StaffCommand command, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected))
            return new ValidationErrors().Add("If-Match", "'If-Match' is the ETag of the account, e.g. \"3\".").ToProblem();

        // With If-Match a stale version is refused here (412) and again at commit if someone writes in between.
        var stream = expected is { } version
            ? await session.Events.FetchForWriting<Staff>(id, version, ct)
            : await session.Events.FetchForWriting<Staff>(id, ct);
        IReadOnlyList<object> events;
        try
        {
            events = Staff.Decide(stream.Aggregate, command);
        }
        catch (StaffRefusedException refused)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible for this account now", detail: refused.Message);
        }
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);

        var account = await session.LoadAsync<StaffAccount>(id, ct);
        ETags.Write(http, account!.Version);
        return Results.Ok(StaffResponse.From(account));
    }
}
