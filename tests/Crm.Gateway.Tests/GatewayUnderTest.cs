using Crm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Crm.Gateway.Tests;

/// <summary>
/// The gateway in memory in front of a stand-in service on a real loopback port that echoes what
/// reached it, so routing, headers and refusals can be seen from both sides.
/// </summary>
public class GatewayUnderTest : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestTokens Tokens { get; } = new();

    /// <summary>High enough that only the rate-limit test, on a gateway of its own, ever meets the limit.</summary>
    protected virtual int PermitsPerSecond => 1000;
    private WebApplication? upstream;
    private int upstreamPort;

    public async Task InitializeAsync()
    {
        upstreamPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{upstreamPort}");
        upstream = builder.Build();
        upstream.Map("/{**path}", (HttpContext context) => Results.Ok(new
        {
            path = context.Request.Path.Value,
            correlationId = context.Request.Headers["X-Correlation-Id"].ToString(),
            authorization = context.Request.Headers.Authorization.ToString().Length > 0,
        }));
        await upstream.StartAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var service in new[] { "customers", "sales", "tickets", "reporting", "identity" })
            builder.UseSetting($"Services:{service}", $"http://127.0.0.1:{upstreamPort}");
        builder.UseSetting("Crm:Issuer", TestTokens.Issuer);
        builder.UseSetting("Gateway:RateLimit:PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gateway:RateLimit:Burst", (PermitsPerSecond * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gateway:MaxBodyBytes", "4096");
        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(role, branch, staffId));
        return client;
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (upstream is not null) await upstream.DisposeAsync();
    }
}

/// <summary>A gateway with a tight limit (2 per second, burst 4) for the rate-limit test alone.</summary>
public sealed class RateLimitedGateway : GatewayUnderTest
{
    protected override int PermitsPerSecond => 2;
}
