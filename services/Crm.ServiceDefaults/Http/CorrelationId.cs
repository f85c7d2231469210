using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Http;

/// <summary>
/// One id follows a request through the gateway, the service, the stored events and the messages
/// they cause. The gateway sets it; a service called directly makes one.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    public static string Of(HttpContext context)
    {
        if (context.Items[Header] is string known) return known;
        var id = context.Request.Headers[Header].FirstOrDefault() is { Length: > 0 and <= 128 } given ? given : Guid.CreateVersion7().ToString();
        context.Items[Header] = id;
        return id;
    }

    internal static async Task Middleware(HttpContext context, Func<Task> next)
    {
        var id = Of(context);
        context.Response.Headers[Header] = id;
        Activity.Current?.SetTag("crm.correlation_id", id);
        await next();
    }
}
