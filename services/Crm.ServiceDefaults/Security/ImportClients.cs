using System.Security.Claims;

namespace Crm.ServiceDefaults.Security;

/// <summary>
/// Integration clients granted <c>crm.import</c> (API.md business times): they may write, giving past
/// times, owners and branches, to migrate history from an older CRM. Any other integration client
/// reads and writes nothing; staff always work on the server's clock.
/// </summary>
public static class ImportClients
{
    public const string Scope = "crm.import";

    /// <summary>An integration client whose token grants <c>crm.import</c>.</summary>
    public static bool IsImporter(ClaimsPrincipal user) =>
        user.FindFirst(Caller.RoleClaim)?.Value == Roles.Integration && HasScope(user, Scope);

    /// <summary>Scopes arrive as one space-separated claim or as one claim each, depending on the issuer.</summary>
    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").Concat(user.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);
}
