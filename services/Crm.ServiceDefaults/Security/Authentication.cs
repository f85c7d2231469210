using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.ServiceDefaults.Security;

/// <summary>
/// Every service validates the caller's token itself (defence in depth): signature through the
/// identity service's discovery document and JWKS, issuer, audience and lifetime.
/// </summary>
internal static class Authentication
{
    public const string Audience = "crm";

    public static void AddCrmAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var issuer = configuration["Crm:Issuer"] ?? "http://localhost:8080/";
        var authority = (configuration["Crm:Authority"] ?? "http://127.0.0.1:8085").TrimEnd('/');
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MetadataAddress = $"{authority}/.well-known/openid-configuration";
                o.RequireHttpsMetadata = false;
                o.MapInboundClaims = false;
                o.RefreshOnIssuerKeyNotFound = true;
                o.TokenValidationParameters.ValidIssuer = issuer;
                o.TokenValidationParameters.ValidAudience = Audience;
                o.TokenValidationParameters.NameClaimType = Caller.NameClaim;
                o.TokenValidationParameters.RoleClaimType = Caller.RoleClaim;
                o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        // Every endpoint needs a signed-in caller unless it says AllowAnonymous (health, docs, sign-in).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
