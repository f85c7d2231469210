using System.Globalization;
using System.Threading.RateLimiting;

namespace Crm.Gateway;

/// <summary>
/// One token bucket per caller: the token's <c>sub</c> when authenticated, the client IP otherwise.
/// Gateway:RateLimit:PermitsPerSecond (default 200) refills it, Gateway:RateLimit:Burst (default 400) caps it.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerSecond = Math.Max(1, configuration.GetValue("Gateway:RateLimit:PermitsPerSecond", 200));
        var burst = Math.Max(permitsPerSecond, configuration.GetValue("Gateway:RateLimit:Burst", 400));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = permitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };

        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => bucket));
            options.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests", $"Rate limit exceeded; retry after {retryAfter} s.",
                    "https://www.rfc-editor.org/rfc/rfc6585#section-4");
            };
        });
    }

    // Runs after authentication, so only a validated token's sub is trusted.
    private static string CallerKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "sub:" + sub
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
