using System.Security.Cryptography;
using Crm.Identity.Domain;
using Marten;

namespace Crm.Identity.Tokens;

/// <summary>
/// Every integration client the token endpoint accepts: those configured in Identity:Clients
/// (operators' fixed ones) first, then those registered through /api/clients.
/// </summary>
public sealed class ClientDirectory(IntegrationClients configured, IDocumentStore store)
{
    public async Task<IntegrationClient?> AuthenticateAsync(string? clientId, string? secret, CancellationToken ct)
    {
        if (configured.IsKnown(clientId)) return configured.Authenticate(clientId, secret);

        var registered = await FindRegisteredAsync(clientId, ct);
        var given = IntegrationClients.HashOf(secret ?? "");
        // Compared in constant time, and compared even for an unknown id, so timing reveals nothing.
        var expected = registered is null ? given : Convert.FromBase64String(registered.SecretHash);
        return CryptographicOperations.FixedTimeEquals(given, expected) && registered is not null
            ? new IntegrationClient(registered.ClientId, registered.Scopes.ToHashSet(StringComparer.Ordinal))
            : null;
    }

    public async Task<bool> IsKnownAsync(string? clientId, CancellationToken ct) =>
        configured.IsKnown(clientId) || await FindRegisteredAsync(clientId, ct) is not null;

    public async Task<IntegrationClient?> FindAsync(string clientId, CancellationToken ct) =>
        configured.Find(clientId) ?? (await FindRegisteredAsync(clientId, ct) is { } r
            ? new IntegrationClient(r.ClientId, r.Scopes.ToHashSet(StringComparer.Ordinal))
            : null);

    private async Task<RegisteredClient?> FindRegisteredAsync(string? clientId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId)) return null;
        await using var session = store.QuerySession();
        return await session.Query<RegisteredClient>().FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
    }
}
