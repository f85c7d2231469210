using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Crm.EndToEnd.Tests;

/// <summary>Tokens are checked at the gateway and again by each service called directly.</summary>
[Collection(SystemCollection.Name)]
public class AccessTests(CrmSystem system)
{
    private async Task<HttpStatusCode> PostCustomer(string target, string? token)
    {
        using var client = system.Client(token, target);
        return (await client.PostAsJsonAsync("/api/customers", new { name = $"Access check {Guid.NewGuid():N}", branch = "north", category = "other" })).StatusCode;
    }

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task A_request_without_a_token_gets_401(string target) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCustomer(target, null));

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task A_tampered_token_gets_401(string target)
    {
        var parts = (await system.SignInAsync()).Split('.');
        var claims = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("group-executive", "system-admin", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(claims)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, await PostCustomer(target, tampered));
    }

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task An_expired_token_gets_401(string target) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCustomer(target, await SignedByIdentityAsync(TimeSpan.FromMinutes(-5))));

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task A_token_signed_by_identity_s_key_is_accepted(string target) =>
        Assert.Equal(HttpStatusCode.Created, await PostCustomer(target, await SignedByIdentityAsync(TimeSpan.FromMinutes(5))));

    /// <summary>A token exactly like identity's, with identity's own key, but with the lifetime we choose.</summary>
    private async Task<string> SignedByIdentityAsync(TimeSpan lifetime)
    {
        var real = new JwtSecurityTokenHandler().ReadJwtToken(await system.SignInAsync());
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(system.SigningKeyPath));
        var key = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = real.Header.Kid };
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        var claims = real.Claims.Where(c => c.Type is "sub" or "name" or "role").Select(c => new Claim(c.Type, c.Value));
        var token = new JwtSecurityToken(system.Issuer, "crm", claims, notBefore: expires.AddMinutes(-10), expires: expires,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        token.Header["typ"] = "at+jwt";
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
