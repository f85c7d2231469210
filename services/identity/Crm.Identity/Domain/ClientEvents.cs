namespace Crm.Identity.Domain;

// An integration client registered through /api/clients. Only a SHA-256 hash of its secret is
// stored: the secret is random and long, so a slow password hash would add nothing.
public sealed record ClientRegistered(Guid Id, string ClientId, string[] Scopes, string SecretHash, DateTimeOffset RegisteredAt);

/// <summary>An integration client as its registration made it; also the inline read model.</summary>
public sealed record RegisteredClient(Guid Id, string ClientId, string[] Scopes, string SecretHash, DateTimeOffset RegisteredAt)
{
    public long Version { get; init; }
}
