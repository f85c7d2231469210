using Crm.Customers.Domain;
using Crm.Revocation;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Head office moves a customer to another branch, keeping its id and whole history. With the branch
/// as tenant a stream cannot move, so one database transaction closes it in the old branch and
/// continues it, under the same id, in the new one, a branch it may have left before (see
/// <see cref="CustomerDecider.Transfer"/>).
/// </summary>
public static class TransferCustomerEndpoint
{
    public sealed record Request(string? Branch, Guid? OwnerId);

    public static void MapTransferCustomer(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:guid}/transfer", Handle).WithName("TransferCustomer")
            .ChangesCustomer("Moves the customer to another branch, keeping its id and history");

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
        Customer? earlier;
        await using (var target = store.QuerySession(to))
            earlier = await target.LoadAsync<Customer>(id, ct);

        // The customer closes in the old branch and opens in the new one in one database transaction,
        // or neither happens. A Marten session tracks appends by stream id alone, so the two
        // branches' streams of one id cannot share a session: two sessions share the transaction.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        CustomerTransferredIn opening;
        await using (var leaving = sessions.ForBranch(visible.Branch, transaction))
        {
            var stream = expected is { } version
                ? await leaving.Events.FetchForWriting<Customer>(id, version, ct)
                : await leaving.Events.FetchForWriting<Customer>(id, ct);
            var decision = CustomerDecider.Transfer(stream.Aggregate ?? visible, to, request.OwnerId, time.GetUtcNow());
            if (decision.Refused is { } refusal) return CustomerCommand.Refused(refusal);
            stream.AppendOne((CustomerTransferredOut)decision.Events[0]);
            opening = (CustomerTransferredIn)decision.Events[1];
            await leaving.SaveChangesAsync(ct);
        }
        await using (var joining = sessions.ForBranch(to, transaction))
        {
            // A customer coming back to a branch it once left continues its old stream there.
            if (earlier is not null) joining.Events.Append(id, earlier.Version + 1, opening);
            else joining.Events.StartStream<Customer>(id, opening);
            await joining.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);

        var moved = CustomerDecider.Evolve(null, opening)! with { Version = (earlier?.Version ?? 0) + 1 };
        ETags.Write(http, moved.Version);
        return Results.Ok(CustomerResponse.From(moved));
    }
}
