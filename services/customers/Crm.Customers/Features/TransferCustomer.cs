using Crm.Customers.Domain;
using Crm.Revocation;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Head office moves a customer to another branch, keeping its id and whole history. With the branch
/// as tenant a stream cannot move, so one transaction closes it in the old branch and continues it,
/// under the same id, in the new one (see <see cref="CustomerDecider.Transfer"/>).
/// </summary>
public static class TransferCustomerEndpoint
{
    public sealed record Request(string? Branch, Guid? OwnerId);

    public static void MapTransferCustomer(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:guid}/transfer", Handle).WithName("TransferCustomer");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        KnownBranches knownBranches, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");
        var errors = new ValidationErrors().RequireText("branch", request.Branch, 32);
        if (request.Branch is { Length: > 0 } b && !RegisterCustomerEndpoint.BranchCode().IsMatch(b.Trim()))
            errors.Add("branch", "'branch' is a branch code: lower-case letters, digits and dashes.");
        else if (request.Branch is { Length: > 0 } known && knownBranches.Refuses(known.Trim()))
            errors.Add("branch", RegisterCustomerEndpoint.NotOpened);
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) errors.Add("If-Match", "'If-Match' is a version as given in the ETag.");
        if (errors.Any) return errors.ToProblem();

        var visible = await CustomerLookup.FindVisibleAsync(store, caller, id, ct);
        if (visible is null) return AccessProblems.NotFound("customer");
        if (!CustomerAccess.MayTransfer(caller)) return AccessProblems.Forbidden("Only head office moves customers between branches.");

        var to = request.Branch!.Trim();
        await using var session = sessions.ForBranch(visible.Branch);
        var stream = expected is { } version
            ? await session.Events.FetchForWriting<Customer>(id, version, ct)
            : await session.Events.FetchForWriting<Customer>(id, ct);
        var decision = CustomerDecider.Transfer(stream.Aggregate ?? visible, to, request.OwnerId, time.GetUtcNow());
        if (decision.Refused is { } refusal) return CustomerCommand.Refused(refusal);
        var (closing, opening) = ((CustomerTransferredOut)decision.Events[0], (CustomerTransferredIn)decision.Events[1]);

        await using var target = store.QuerySession(to);
        var earlier = await target.LoadAsync<Customer>(id, ct);
        if (earlier is not null)
        {
            // A customer coming back to a branch it once left continues its old stream there. A
            // Marten session tracks appends by stream id alone, so the two branches' streams of
            // one id cannot share a session: the new branch is opened first, then the old one
            // closed; were the second step to fail, the customer is live twice, never lost.
            await using var returning = sessions.ForBranch(to);
            returning.Events.Append(id, earlier.Version + 1, opening);
            await returning.SaveChangesAsync(ct);
        }
        else session.ForTenant(to).Events.StartStream<Customer>(id, opening);
        stream.AppendOne(closing);
        await session.SaveChangesAsync(ct);

        var moved = CustomerDecider.Evolve(null, opening)! with { Version = (earlier?.Version ?? 0) + 1 };
        ETags.Write(http, moved.Version);
        return Results.Ok(CustomerResponse.From(moved));
    }
}
