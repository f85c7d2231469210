using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Crm.Identity.Tokens;

// In degraded mode OpenIddict checks no client at all: this handler is the client authentication.
// Staff sign in as anonymous (public) clients; client_credentials needs a configured client and secret.
public sealed class ValidateTokenClient(ClientDirectory clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var ct = context.CancellationToken;
        if (context.Request.IsClientCredentialsGrantType())
        {
            var client = await clients.AuthenticateAsync(context.ClientId, context.Request.ClientSecret, ct);
            if (client is null)
            {
                context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
                return;
            }

            var notGranted = context.Request.GetScopes().Where(s => !client.Scopes.Contains(s)).ToList();
            if (notGranted.Count > 0)
                context.Reject(Errors.InvalidScope, $"The client may not request: {string.Join(' ', notGranted)}.");
            return;
        }

        // An integration client has no staff identity: it must not sign in as a user.
        if (await clients.IsKnownAsync(context.ClientId, ct))
            context.Reject(Errors.UnauthorizedClient, "Integration clients use grant_type=client_credentials.");
    }
}
