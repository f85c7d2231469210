using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Crm.Gateway.Routing;

/// <summary>
/// YARP answers its own failures (service down, timeout, body errors) with an empty status: give them a body.
/// </summary>
public static class ProxyErrors
{
    public static IReverseProxyApplicationBuilder UseProblemsForProxyErrors(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();

            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            // Kestrel's MaxRequestBodySize surfaces while YARP copies a chunked body, which YARP reports as 400.
            if (FindBadRequest(error.Exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                var max = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
                await BodySizeLimit.TooLarge(context, max);
                return;
            }

            var status = context.Response.StatusCode;
            var title = error.Error switch
            {
                ForwarderError.RequestTimedOut => "The service did not answer in time",
                ForwarderError.NoAvailableDestinations => "The service is unavailable",
                ForwarderError.RequestBodyClient => "The request body could not be read",
                _ => "The service could not be reached",
            };
            await Problems.WriteAsync(context, status >= 400 ? status : StatusCodes.Status502BadGateway, title);
        });
        return proxy;
    }

    private static BadHttpRequestException? FindBadRequest(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => bad,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindBadRequest).FirstOrDefault(e => e is not null),
        _ => FindBadRequest(exception.InnerException),
    };
}
