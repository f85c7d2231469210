using System.Security.Claims;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Benchmarks;

/// <summary>
/// What every service pays per request to trust the caller: validate one RS256 access token
/// (issuer, audience, lifetime, signature against the JWKS key) with JsonWebTokenHandler, as
/// JwtBearer does, and build the ClaimsIdentity the endpoint reads the caller from.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private const string Issuer = "http://localhost:8080/";
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;
    private RSA _rsa = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _rsa = RSA.Create(2048);   // identity's key size (RsaKeyFile)
        var signing = new RsaSecurityKey(_rsa);
        signing.KeyId = Base64UrlEncoder.Encode(signing.ComputeJwkThumbprint());
        // Services see only the public key, as a JSON Web Key from identity's JWKS.
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = signing.KeyId });

        // The claims of a real exec token from identity (OpenIddict): iss, exp, iat, aud, scope, jti,
        // sub, name, preferred_username, role; no nbf.
        var now = DateTime.UtcNow;
        var issuing = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        _token = issuing.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "crm",
            TokenType = "at+jwt",
            IssuedAt = now,
            Expires = now.AddHours(1),   // the access token lives 15 min; an hour keeps a long run valid
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["scope"] = "offline_access",
                ["jti"] = Guid.NewGuid().ToString(),
                ["sub"] = Guid.CreateVersion7().ToString(),
                ["name"] = "Group Executive",
                ["preferred_username"] = "exec",
                ["role"] = "group-executive",
            },
        });
        // The service's settings (Crm.ServiceDefaults/Security/Authentication.cs).
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "crm",
            IssuerSigningKeys = [jwk],
            NameClaimType = "name",
            RoleClaimType = "role",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        var result = await _handler.ValidateTokenAsync(_token, _parameters);
        if (!result.IsValid) throw new InvalidOperationException("The benchmark token does not validate.", result.Exception);
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    [Benchmark(Description = "Validate RS256 access token")]
    public async Task<ClaimsIdentity> Validate()
    {
        var result = await _handler.ValidateTokenAsync(_token, _parameters);
        return result.IsValid ? result.ClaimsIdentity : throw new InvalidOperationException("invalid", result.Exception);
    }
}
