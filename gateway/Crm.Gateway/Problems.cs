namespace Crm.Gateway;

/// <summary>RFC 9457 answers for everything the gateway itself refuses.</summary>
public static class Problems
{
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (CorrelationId.Of(context.HttpContext) is { } correlationId)
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId;
            }
        });

    /// <summary>
    /// Writes a problem response. TypedResults.Problem goes through IProblemDetailsService when it can
    /// and falls back to plain application/problem+json otherwise (e.g. a client that sends Accept: text/html).
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string? detail = null, string? type = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type).ExecuteAsync(context);
}
