using System.Security.Cryptography;
using System.Text;

namespace Crm.Identity.Tokens;

public sealed class IntegrationClientSettings
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string[] Scopes { get; set; } = [];
}

public sealed record IntegrationClient(string ClientId, IReadOnlySet<string> Scopes);

// Clients fixed in configuration (Identity:Clients); ClientDirectory adds those registered through /api/clients.
// Only SHA-256 hashes of the secrets are kept in memory and compared in constant time.
public sealed class IntegrationClients
{
    public const string ConfigSection = "Identity:Clients";

    private readonly Dictionary<string, (IntegrationClient Client, byte[] SecretHash)> _clients;

    public IntegrationClients(IEnumerable<IntegrationClientSettings> settings) =>
        _clients = settings
            .Where(s => !string.IsNullOrWhiteSpace(s.ClientId) && !string.IsNullOrEmpty(s.ClientSecret))
            .ToDictionary(
                s => s.ClientId,
                s => (new IntegrationClient(s.ClientId, s.Scopes.ToHashSet(StringComparer.Ordinal)), HashOf(s.ClientSecret)),
                StringComparer.Ordinal);

    public static IntegrationClients From(IConfiguration configuration) =>
        new(configuration.GetSection(ConfigSection).Get<IntegrationClientSettings[]>() ?? []);

    public IEnumerable<string> AllScopes => _clients.Values.SelectMany(c => c.Client.Scopes).Distinct();

    public IEnumerable<IntegrationClient> All => _clients.Values.Select(c => c.Client);

    public bool IsKnown(string? clientId) => clientId is not null && _clients.ContainsKey(clientId);

    public IntegrationClient? Find(string clientId) => _clients.GetValueOrDefault(clientId).Client;

    public IntegrationClient? Authenticate(string? clientId, string? secret)
    {
        var given = HashOf(secret ?? "");
        if (clientId is null || !_clients.TryGetValue(clientId, out var entry))
        {
            // Same work for an unknown client, so timing does not reveal which client ids exist.
            CryptographicOperations.FixedTimeEquals(given, given);
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(given, entry.SecretHash) ? entry.Client : null;
    }

    public static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
