namespace Crm.Gateway.Routing;

/// <summary>The base URL of each service, from the <c>Services</c> configuration section.</summary>
public sealed record ServiceDirectory(IReadOnlyDictionary<string, Uri> Addresses, IReadOnlyList<string> Missing)
{
    public static readonly IReadOnlyList<string> Names = ["customers", "sales", "tickets", "reporting", "identity"];

    public static ServiceDirectory From(IConfiguration configuration)
    {
        var addresses = new Dictionary<string, Uri>();
        var missing = new List<string>();
        foreach (var name in Names)
        {
            if (Uri.TryCreate(configuration[$"Services:{name}"], UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                addresses[name] = uri;
            }
            else
            {
                missing.Add(name);
            }
        }
        return new ServiceDirectory(addresses, missing);
    }
}
