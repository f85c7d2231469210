namespace Crm.Identity.Tokens;

/// <summary>The scopes an integration client may hold (API.md): importing history, and reading the revocation list.</summary>
public static class IntegrationScopes
{
    public const string Import = "crm.import";
    public const string Revocations = "crm.revocations";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Import, Revocations };
}
