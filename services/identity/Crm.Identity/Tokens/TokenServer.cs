using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Crm.Identity.Tokens;

public static class TokenServer
{
    public const string Audience = "crm";
    public const string TokenEndpoint = "connect/token";

    // OpenIddict in degraded mode: no EF Core stores (this service keeps everything in Marten), so
    // clients and grants are validated by ValidateTokenClient and the IssueToken endpoint instead.
    public static IHostApplicationBuilder AddTokenServer(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var issuer = config["Crm:Issuer"] ?? "http://localhost:8080/";
        var keyFolder = Path.Combine(AppContext.BaseDirectory, "keys");
        var signingKey = RsaKeyFile.LoadOrCreate(config["Identity:SigningKeyPath"] ?? Path.Combine(keyFolder, "signing-key.pem"));
        // Refresh tokens stay encrypted (only this service reads them), so they need a shared key too.
        var encryptionKey = RsaKeyFile.LoadOrCreate(config["Identity:EncryptionKeyPath"] ?? Path.Combine(keyFolder, "encryption-key.pem"));
        var clients = IntegrationClients.From(config);

        builder.Services.AddSingleton(clients);
        builder.Services.AddSingleton<ClientDirectory>();
        builder.Services.AddSingleton<StaffPasswords>();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.EnableDegradedMode();
            // A fixed issuer keeps tokens valid behind the gateway, whatever host the request came in on.
            options.SetIssuer(new Uri(issuer, UriKind.Absolute));
            options.SetTokenEndpointUris(TokenEndpoint);
            options.AllowPasswordFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
            options.AcceptAnonymousClients();
            options.RegisterScopes([Scopes.OfflineAccess, .. IntegrationScopes.All, .. clients.AllScopes]);

            options.AddSigningKey(signingKey);
            options.AddEncryptionKey(encryptionKey);
            // Every service validates access tokens through the JWKS, so they must be plain signed JWTs.
            options.DisableAccessTokenEncryption();

            options.SetAccessTokenLifetime(config.GetValue("Identity:AccessTokenLifetime", TimeSpan.FromMinutes(15)));
            options.SetRefreshTokenLifetime(config.GetValue("Identity:RefreshTokenLifetime", TimeSpan.FromHours(8)));
            // A session lasts one working day from sign-in; refreshing does not extend it.
            options.DisableSlidingRefreshTokenExpiration();

            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseSingletonHandler<ValidateTokenClient>());

            options.UseAspNetCore()
                .EnableTokenEndpointPassthrough()
                // Plain http on loopback behind the gateway, which terminates TLS.
                .DisableTransportSecurityRequirement();
        });
        return builder;
    }
}
