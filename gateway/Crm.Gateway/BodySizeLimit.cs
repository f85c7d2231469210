namespace Crm.Gateway;

/// <summary>
/// Caps request bodies (Gateway:MaxBodyBytes, default 1 MiB) with Kestrel's MaxRequestBodySize, and answers
/// 413 as a problem. Kestrel only enforces the limit when the body is read, and YARP turns that failure into
/// an empty 400, so a declared Content-Length over the limit is refused here before proxying; a chunked body
/// that overruns is caught by <see cref="Routing.ProxyErrors"/>.
/// </summary>
public static class BodySizeLimit
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static long MaxBodyBytes(IConfiguration configuration) =>
        configuration.GetValue("Gateway:MaxBodyBytes", DefaultMaxBodyBytes);

    public static WebApplicationBuilder AddBodySizeLimit(this WebApplicationBuilder builder)
    {
        var max = MaxBodyBytes(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = max);
        return builder;
    }

    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app)
    {
        var max = MaxBodyBytes(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > max)
            {
                await TooLarge(context, max);
                return;
            }
            await next(context);
        });
    }

    public static Task TooLarge(HttpContext context, long max) =>
        Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"Request bodies are limited to {max} bytes.");
}
