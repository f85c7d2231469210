using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.ServiceDefaults.Http;

/// <summary>/health/ready says why a service is degraded, not only that it is (same shape as the gateway's).</summary>
internal static class HealthResponses
{
    public static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
