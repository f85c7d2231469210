using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Testing;

/// <summary>
/// Access tokens for service tests that run without the identity service: signed RS256 with a
/// key the service under test is told to trust, carrying the same claims identity issues.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "http://crm.test/";
    public const string Audience = "crm";

    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key" };

    public string For(string role, string? branch = null, Guid? staffId = null, string? name = null, TimeSpan? lifetime = null, SecurityKey? signWith = null,
        IReadOnlyCollection<string>? scopes = null)
    {
        var claims = new List<Claim>
        {
            new("sub", (staffId ?? Guid.CreateVersion7()).ToString()),
            new("name", name ?? role),
            new("role", role),
        };
        if (branch is not null) claims.Add(new Claim("branch", branch));
        if (scopes is { Count: > 0 }) claims.Add(new Claim("scope", string.Join(' ', scopes)));
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(15));
        var token = new JwtSecurityToken(Issuer, Audience, claims,
            notBefore: expires < now ? expires.AddMinutes(-5) : now, expires: expires,
            signingCredentials: new SigningCredentials(signWith ?? key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>
    /// A client-credentials token as identity issues it to an external system: <c>role=integration</c>,
    /// the client id as subject and name, and its granted scopes in one space-separated <c>scope</c> claim.
    /// </summary>
    public string ForClient(string clientId, params string[] scopes)
    {
        var claims = new List<Claim> { new("sub", clientId), new("name", clientId), new("role", "integration") };
        if (scopes.Length > 0) claims.Add(new Claim("scope", string.Join(' ', scopes)));
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(Issuer, Audience, claims, notBefore: now, expires: now.AddMinutes(15),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>A well-formed token signed by a key nobody trusts.</summary>
    public string ForeignlySigned(string role, string? branch = null) =>
        For(role, branch, signWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" });

    /// <summary>Points a service's JWT validation at this test key instead of identity's discovery document.</summary>
    public void TrustIn(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(key);
            o.Configuration = configuration;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            o.MetadataAddress = null!;
            o.TokenValidationParameters.ValidIssuer = Issuer;
        });
}
