using Crm.Gateway.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Crm.Gateway.Routing;

/// <summary>
/// The public routes of API.md, built in code from the Services section: one cluster per service.
/// A <c>/{**rest}</c> catch-all is optional in ASP.NET Core routing, so each prefix also matches its bare form.
/// </summary>
public static class ServiceRoutes
{
    // YARP's built-in name that turns authorization off for a route.
    private const string Anonymous = "Anonymous";

    private static readonly (string Service, string Prefix, bool IsPublic)[] Prefixes =
    [
        ("identity", "/connect", true),
        ("identity", "/.well-known", true),
        ("identity", "/api/me", false),
        ("identity", "/api/branches", false),
        ("identity", "/api/staff", false),
        ("identity", "/api/clients", false),
        ("identity", "/api/feeds/identity", false),
        ("customers", "/api/customers", false),
        ("customers", "/api/settings/customer-categories", false),
        ("customers", "/api/feeds/customers", false),
        ("sales", "/api/leads", false),
        ("sales", "/api/opportunities", false),
        ("sales", "/api/pipeline", false),
        ("sales", "/api/settings/follow-up", false),
        ("sales", "/api/activities", false),
        ("sales", "/api/products", false),
        ("sales", "/api/orders", false),
        ("sales", "/api/feeds/sales", false),
        ("tickets", "/api/tickets", false),
        ("tickets", "/api/feeds/tickets", false),
        ("reporting", "/api/reports", false),
    ];

    public static IReverseProxyBuilder LoadServiceRoutes(this IReverseProxyBuilder proxy, IConfiguration configuration)
    {
        var directory = ServiceDirectory.From(configuration);
        proxy.Services.AddSingleton(directory);
        return proxy.LoadFromMemory(Routes(directory), Clusters(directory));
    }

    public static IReadOnlyList<RouteConfig> Routes(ServiceDirectory directory)
    {
        var api = Prefixes
            .Where(p => directory.Addresses.ContainsKey(p.Service))
            .Select(p => new RouteConfig
            {
                RouteId = $"{p.Service}{p.Prefix}",
                ClusterId = p.Service,
                Match = new RouteMatch { Path = p.Prefix + "/{**rest}" },
                AuthorizationPolicy = p.IsPublic ? Anonymous : GatewayAuthentication.CallerPolicy,
            });

        // /docs/{service}/openapi.json -> {service}/openapi/v1.json, public like the page that links it.
        var docs = directory.Addresses.Keys.Select(service => new RouteConfig
        {
            RouteId = $"{service}/docs",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/docs/{service}/openapi.json" },
            AuthorizationPolicy = Anonymous,
        }.WithTransformPathSet("/openapi/v1.json"));

        return [.. api, .. docs];
    }

    public static IReadOnlyList<ClusterConfig> Clusters(ServiceDirectory directory) =>
    [
        .. directory.Addresses.Select(service => new ClusterConfig
        {
            ClusterId = service.Key,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service.Key] = new() { Address = service.Value.ToString() },
            },
        }),
    ];
}
