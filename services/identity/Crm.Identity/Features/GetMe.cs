using Crm.Identity.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

// GET /api/me: the signed-in staff member as stored now, or the integration client as its token says.
public static class GetMe
{
    public sealed record Me(string Id, string Username, string Name, string Role, string? Branch);

    public static IEndpointRouteBuilder MapGetMe(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Handle).WithName("GetMe").WithTags("Identity");
        return app;
    }

    private static async Task<IResult> Handle(HttpContext http, IQuerySession session)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.Integration)
            return Results.Ok(new Me(caller.Subject, caller.Subject, caller.Name, caller.Role, null));

        var account = caller.StaffId is { } id ? await session.LoadAsync<StaffAccount>(id, http.RequestAborted) : null;
        return account is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This account no longer exists.")
            : Results.Ok(new Me(account.Id.ToString(), account.Username, account.Name, account.Role, account.Branch));
    }
}
