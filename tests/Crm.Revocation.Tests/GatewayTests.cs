extern alias gateway;

using System.Net;
using Crm.Testing;
using GatewayProgram = gateway::Program;

namespace Crm.Revocation.Tests;

/// <summary>The gateway refuses a frozen staff member's token before routing anything.</summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private CrmServiceFactory<GatewayProgram> gateway = null!;

    public async Task InitializeAsync() =>
        // Routes point at a closed loopback port: a request the gateway lets through fails at the proxy, never at a demo.
        gateway = await CrmServiceFactory<GatewayProgram>.StartAsync("gateway", new Dictionary<string, string?>
        {
            ["Services:customers"] = "http://127.0.0.1:9",
            ["Services:sales"] = "http://127.0.0.1:9",
            ["Services:tickets"] = "http://127.0.0.1:9",
            ["Services:reporting"] = "http://127.0.0.1:9",
            ["Services:identity"] = "http://127.0.0.1:9",
        });

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    private async Task<HttpStatusCode> RequestAsAsync(Guid staffId)
    {
        using var client = gateway.ClientAs("sales-rep", "north", staffId);
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_frozen_staff_member_s_token_is_refused_at_the_gateway_and_a_colleague_s_is_routed()
    {
        var frozen = Guid.CreateVersion7();
        var colleague = Guid.CreateVersion7();

        await IdentityEvents.FreezeAsync(gateway.RabbitMq, frozen);

        await Eventually.Get(() => RequestAsAsync(frozen), s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10),
            "the gateway refuses the frozen staff member");
        using (var client = gateway.ClientAs("sales-rep", "north", frozen))
        using (var refused = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}"))
        {
            // The caller is told why, not just that the token is bad.
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("frozen or has left", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("frozen or has left", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        // Let through and routed: the closed port behind the route answers through YARP as 502.
        Assert.Equal(HttpStatusCode.BadGateway, await RequestAsAsync(colleague));
    }
}
