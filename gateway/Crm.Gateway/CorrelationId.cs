using System.Diagnostics;

namespace Crm.Gateway;

/// <summary>
/// Takes X-Correlation-Id from the caller (or makes one), forwards it to the service, returns it on the
/// response and puts it on the logging scope and the request's Activity.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private const int MaxLength = 128;
    private static readonly object ItemKey = new();

    public static string? Of(HttpContext context) => context.Items[ItemKey] as string;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = IsAcceptable(context.Request.Headers[Header].ToString())
                ? context.Request.Headers[Header].ToString()
                : Guid.CreateVersion7().ToString();

            context.Items[ItemKey] = id;
            // The proxy copies request headers, so the service sees the same id.
            context.Request.Headers[Header] = id;
            // Set at the last moment: YARP clears the response on some errors and copies the service's headers.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("crm.correlation_id", id);

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelationId));
            using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
            {
                await next(context);
            }
        });

    // Caller-supplied ids end up in logs and downstream headers: accept only short, plain tokens.
    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= MaxLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
