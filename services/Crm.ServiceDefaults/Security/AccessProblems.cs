using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Security;

/// <summary>
/// The two refusals of API.md: 404 when the caller may not see a record (its existence does not
/// leak), 403 when they can see it but their role may not do that.
/// </summary>
public static class AccessProblems
{
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}", detail: $"There is no {what} with this id that you can see.");

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role", detail: detail);
}
