namespace Crm.Identity.Tokens;

/// <summary>The scopes an integration client may hold (API.md): importing history, and reading the revocation list.</summary>
public static class IntegrationScopes
{
    public const string Import = "crm.import";
    public const string Revocations = "crm.revocations";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Import, Revocations };

    /// <summary>
    /// A client granted nothing but the revocation list is one of the CRM's own services: its token
    /// gets the <c>service</c> role, which reads no business data, instead of <c>integration</c>.
    /// </summary>
    public static bool IsHousekeepingOnly(IReadOnlySet<string> scopes) => scopes.Count > 0 && scopes.All(s => s == Revocations);
}
