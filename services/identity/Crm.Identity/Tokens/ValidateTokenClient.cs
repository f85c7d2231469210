using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Crm.Identity.Tokens;

// In degraded mode OpenIddict checks no client at all: this handler is the client authentication.
// Staff sign in as anonymous (public) clients; client_credentials needs a configured client and secret.
public sealed class ValidateTokenClient(IntegrationClients clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (context.Request.IsClientCredentialsGrantType())
        {
            var client = clients.Authenticate(context.ClientId, context.Request.ClientSecret);
            if (client is null)
            {
                context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
                return default;
            }

            var notGranted = context.Request.GetScopes().Where(s => !client.Scopes.Contains(s)).ToList();
            if (notGranted.Count > 0)
                context.Reject(Errors.InvalidScope, $"The client may not request: {string.Join(' ', notGranted)}.");
            return default;
        }

        // An integration client has no staff identity: it must not sign in as a user.
        if (clients.IsKnown(context.ClientId))
            context.Reject(Errors.UnauthorizedClient, "Integration clients use grant_type=client_credentials.");
        return default;
    }
}
