using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Merges a duplicate into this customer (the survivor), and undoes such a merge. Both streams
/// change in one transaction; <c>If-Match</c> is the survivor's version.
/// </summary>
public static class MergeCustomersEndpoint
{
    public sealed record Request(Guid? DuplicateId);

    public static void MapMergeCustomers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/customers/{id:guid}/merge", Merge).WithName("MergeCustomers").ChangesCustomer("Merges a duplicate into this customer");
        app.MapPost("/api/customers/{id:guid}/unmerge", Unmerge).WithName("UnmergeCustomers").ChangesCustomer("Undoes a merge");
    }

    private static Task<IResult> Merge(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct) =>
        RunAsync(id, request, http, sessions, store, (s, d) => CustomerDecider.Merge(s, d, time.GetUtcNow()), ct);

    private static Task<IResult> Unmerge(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct) =>
        RunAsync(id, request, http, sessions, store, (s, d) => CustomerDecider.Unmerge(s, d, time.GetUtcNow()), ct);

    private static async Task<IResult> RunAsync(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        Func<Customer, Customer, (Decision Survivor, Decision Duplicate)> decide, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.SystemAdmin)
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");
        var errors = new ValidationErrors();
        if (request.DuplicateId is null || request.DuplicateId == Guid.Empty) errors.Add("duplicateId", "'duplicateId' is the id of the duplicate customer.");
        else if (request.DuplicateId == id) errors.Add("duplicateId", "A customer cannot be merged with itself.");
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) errors.Add("If-Match", "'If-Match' is a version as given in the ETag.");
        if (errors.Any) return errors.ToProblem();

        var survivor = await CustomerLookup.FindVisibleAsync(store, caller, id, ct);
        if (survivor is null) return AccessProblems.NotFound("customer");
        if (!CustomerAccess.MayManage(caller, survivor)) return AccessProblems.Forbidden("Only the branch head or head office merges customers.");
        var duplicate = await CustomerLookup.FindVisibleAsync(store, caller, request.DuplicateId!.Value, ct);
        if (duplicate is null) return new ValidationErrors().Add("duplicateId", "There is no customer with this id that you can see.").ToProblem();
        if (duplicate.Branch != survivor.Branch)
            return CustomerCommand.Refused(decide(survivor, duplicate).Survivor.Refused!);

        await using var session = sessions.ForBranch(survivor.Branch);
        var survivorStream = expected is { } version
            ? await session.Events.FetchForWriting<Customer>(id, version, ct)
            : await session.Events.FetchForWriting<Customer>(id, ct);
        var duplicateStream = await session.Events.FetchForWriting<Customer>(duplicate.Id, ct);
        var current = survivorStream.Aggregate ?? survivor;
        var (forSurvivor, forDuplicate) = decide(current, duplicateStream.Aggregate ?? duplicate);
        if (forSurvivor.Refused is { } refusal) return CustomerCommand.Refused(refusal);

        survivorStream.AppendMany(forSurvivor.Events);
        duplicateStream.AppendMany(forDuplicate.Events);
        await session.SaveChangesAsync(ct);

        var now = CustomerDecider.Apply(current, forSurvivor.Events)! with { Version = current.Version + forSurvivor.Events.Count };
        ETags.Write(http, now.Version);
        return Results.Ok(CustomerResponse.From(now));
    }
}
