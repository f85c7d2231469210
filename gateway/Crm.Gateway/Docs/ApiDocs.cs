using System.Net;
using System.Text;
using Crm.Gateway.Routing;

namespace Crm.Gateway.Docs;

/// <summary>/docs: one page linking every service's OpenAPI document (proxied by <see cref="ServiceRoutes"/>).</summary>
public static class ApiDocs
{
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/docs", (ServiceDirectory directory) => TypedResults.Content(Page(directory), "text/html; charset=utf-8"))
            .AllowAnonymous();
        return endpoints;
    }

    private static string Page(ServiceDirectory directory)
    {
        var links = new StringBuilder();
        foreach (var service in directory.Addresses.Keys)
        {
            var name = WebUtility.HtmlEncode(service);
            links.Append($"<li><a href=\"/docs/{name}/openapi.json\">{name}</a> — OpenAPI document</li>\n");
        }
        return $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>CRM API</title></head>
            <body>
            <h1>CRM API</h1>
            <p>Every route needs <code>Authorization: Bearer &lt;token&gt;</code> from <code>POST /connect/token</code>,
            except <code>/connect/*</code>, <code>/.well-known/*</code>, <code>/health/*</code> and <code>/docs</code>.</p>
            <ul>
            {links}</ul>
            <h2>Events</h2>
            <p>Every public domain event, published on the RabbitMQ topic exchange <code>crm.events</code>:
            <a href="/docs/asyncapi.json">AsyncAPI document</a>.</p>
            </body>
            </html>
            """;
    }
}
