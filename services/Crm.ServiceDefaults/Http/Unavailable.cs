using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Http;

/// <summary>503 answers: always with <c>Retry-After</c>, so a client knows the refusal passes and when to try again.</summary>
public static class Unavailable
{
    public const string RetryAfterSeconds = "5";

    public static IResult Problem(string title, string detail) =>
        new WithRetryAfter(Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail));

    private sealed class WithRetryAfter(IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return problem.ExecuteAsync(httpContext);
        }
    }
}
