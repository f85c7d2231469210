using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Gateway.Security;

/// <summary>
/// Bearer tokens from the identity service, checked through its discovery document (Crm:Authority),
/// with the public issuer (Crm:Issuer) and audience (Crm:Audience, default "crm").
/// The services check the token again themselves (ARCHITECTURE rule 8).
/// </summary>
public static class GatewayAuthentication
{
    /// <summary>The policy every non-public proxied route requires.</summary>
    public const string CallerPolicy = "crm-caller";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var authority = (configuration["Crm:Authority"] ?? "http://127.0.0.1:8085").TrimEnd('/');

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = authority;
                options.MetadataAddress = authority + "/.well-known/openid-configuration";
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                // A gateway that starts before identity retries discovery within this, not the default 5 minutes.
                options.RefreshInterval = TimeSpan.FromSeconds(30);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = configuration["Crm:Issuer"] ?? "http://localhost:8080/",
                    ValidAudience = configuration["Crm:Audience"] ?? "crm",
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = Challenge,
                    OnForbidden = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                        "Forbidden", "Your role may not do this."),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.RequireAuthenticatedUser());
        return services;
    }

    private static Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalid = context.AuthenticateFailure is not null;
        // Revocation names its reason (frozen or departed account, unopened branch); anything else is a bad or old token.
        var reason = context.ErrorDescription is { Length: > 0 } described ? described : "The bearer token is invalid or has expired.";
        context.Response.Headers.WWWAuthenticate = invalid
            ? $"Bearer error=\"invalid_token\", error_description=\"{reason}\""
            : "Bearer";
        return Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
            invalid ? reason : "A bearer token is required.");
    }
}
