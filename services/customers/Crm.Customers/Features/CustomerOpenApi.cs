using Crm.ServiceDefaults.Http;

namespace Crm.Customers.Features;

/// <summary>
/// What each customers route answers, for the OpenAPI document (<c>/openapi/v1.json</c>): its
/// success body and the problems (RFC 9457) API.md's order of checks can give: 400 bad fields, 401
/// no valid token, 403 role, 404 not visible, 409 refused by the record's state, 412 stale If-Match.
/// </summary>
internal static class CustomerOpenApi
{
    private const string Tag = "Customers";

    /// <summary>A read: the body, or 403 for the caller's role and 404 when they cannot see it.</summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder route, string summary, bool byId = true, string? contentType = null)
    {
        route.Produces<T>(StatusCodes.Status200OK, contentType).Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
        if (byId) route.ProducesProblem(StatusCodes.Status404NotFound);
        return route.Described(summary);
    }

    /// <summary>A command on one customer (CustomerCommand's steps): the customer after it, with its new ETag.</summary>
    public static RouteHandlerBuilder ChangesCustomer(this RouteHandlerBuilder route, string summary, int status = StatusCodes.Status200OK) =>
        route.Produces<CustomerResponse>(status)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed)
            .Described(summary);

    /// <summary>Creating or configuring: the body, 400 bad fields, 403 role, and the given further problems.</summary>
    public static RouteHandlerBuilder Writes<T>(this RouteHandlerBuilder route, string summary, int status = StatusCodes.Status200OK, params int[] problems) =>
        route.Produces<T>(status).Problems([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, .. problems]).Described(summary);

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest) route.ProducesValidationProblem();
            else route.ProducesProblem(status);
        }
        return route;
    }

    private static RouteHandlerBuilder Described(this RouteHandlerBuilder route, string summary) =>
        route.Produces(StatusCodes.Status401Unauthorized).WithTags(Tag).WithSummary(summary);

    /// <summary>The 409 of a registration that looks like customers already in the branch: a problem with its <c>candidates</c>.</summary>
    public sealed record DuplicateProblem(string Title, int Status, string Detail, IReadOnlyList<DuplicateCandidate> Candidates);

    /// <summary>The customers a duplicate check found.</summary>
    public sealed record Duplicates(IReadOnlyList<DuplicateCandidate> Items);

    /// <summary>For the document only: the history page type every record shares.</summary>
    public static RouteHandlerBuilder History(this RouteHandlerBuilder route) => route.Reads<RecordHistory>("The customer's events, in every branch it has been in");
}
