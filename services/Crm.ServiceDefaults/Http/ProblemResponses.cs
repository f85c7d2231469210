using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceDefaults.Http;

/// <summary>
/// Bad input gets a clear answer, never a 500: unreadable JSON and oversized bodies become 400/413
/// problem details, a stale If-Match 412, a concurrent write 409, a database that cannot be reached
/// 503 with <c>Retry-After</c>.
/// </summary>
internal sealed class ProblemResponses(IProblemDetailsService problems, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (413, "Request body too large", bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read", Readable(bad)),
            ExistingStreamIdCollisionException => (409, "Already exists", "A record with this id already exists."),
            ConcurrencyException => (context.Request.Headers.IfMatch.Count > 0 ? 412 : 409,
                "The record changed", "The record was changed by someone else; read it again and retry with its new ETag."),
            // The database cannot be reached or is restarting: nothing was stored, the same request can be sent again.
            _ when Messaging.TransientFaults.IsUnavailable(exception) => (503, "Temporarily unavailable",
                "The service's database cannot be reached right now; nothing was changed. Try again shortly."),
            _ => (500, "Unexpected error", null),
        };
        if (status == 500) logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        if (status == 503)
        {
            logger.LogWarning(exception, "{Method} {Path} answered 503: the database cannot be reached", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = Unavailable.RetryAfterSeconds;
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    // The framework's message names the parameter and the JSON position; the inner exception has the detail.
    private static string Readable(BadHttpRequestException bad) =>
        bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
}
