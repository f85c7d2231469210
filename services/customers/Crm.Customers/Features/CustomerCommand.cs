using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// The steps every command on one customer takes, in API.md's order: 403 for system administrators,
/// 404 when the caller cannot see it, 403 when their role may not do this, 412 when If-Match is
/// stale, 409 when the decider refuses; otherwise the events are appended and the new state returned.
/// </summary>
internal static class CustomerCommand
{
    public static async Task<IResult> RunAsync(
        HttpContext http, IDocumentStore store, CrmSessions sessions, Guid id,
        Func<Caller, Customer, bool> mayDo, string forbidden, Func<Customer, Decision> decide, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");
        if (!ETags.TryReadIfMatch(http.Request, out var expected))
            return new ValidationErrors().Add("If-Match", "'If-Match' is a version as given in the ETag, e.g. \"3\".").ToProblem();

        var visible = await CustomerLookup.FindVisibleAsync(store, caller, id, ct);
        if (visible is null) return AccessProblems.NotFound("customer");
        if (!mayDo(caller, visible)) return AccessProblems.Forbidden(forbidden);

        await using var session = sessions.ForBranch(visible.Branch);
        var stream = expected is { } version
            ? await session.Events.FetchForWriting<Customer>(id, version, ct)
            : await session.Events.FetchForWriting<Customer>(id, ct);
        var customer = stream.Aggregate ?? visible;

        var decision = decide(customer);
        if (decision.Refused is { } refusal) return Refused(refusal);
        if (decision.Events.Count > 0)
        {
            stream.AppendMany(decision.Events);
            await session.SaveChangesAsync(ct);
        }
        var now = CustomerDecider.Apply(customer, decision.Events)! with { Version = customer.Version + decision.Events.Count };
        ETags.Write(http, now.Version);
        return Results.Ok(CustomerResponse.From(now));
    }

    public static IResult Refused(Refusal refusal) => refusal.Kind == RefusalKind.Missing
        ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: refusal.Reason)
        : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the customer's current state", detail: refusal.Reason);
}
