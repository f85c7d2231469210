using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.Gateway.Tests;

public class GatewayTests(GatewayUnderTest gateway) : IClassFixture<GatewayUnderTest>
{
    [Fact]
    public async Task An_api_route_without_a_token_gets_a_401_problem_with_a_correlation_id()
    {
        var response = await gateway.CreateClient().GetAsync("/api/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.TryGetValues("X-Correlation-Id", out var ids) && ids.Single().Length > 0);
    }

    [Fact]
    public async Task A_token_from_an_unknown_signer_gets_401()
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", gateway.Tokens.ForeignlySigned("group-executive"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_and_discovery_need_no_token()
    {
        var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/connect/token", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_caller_s_correlation_id_reaches_the_service_and_comes_back()
    {
        var client = gateway.ClientAs("group-executive", staffId: Guid.CreateVersion7());
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "order-import-42");

        var response = await client.GetAsync("/api/reports/customer-mix");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/api/reports/customer-mix", seen.GetProperty("path").GetString());
        Assert.Equal("order-import-42", seen.GetProperty("correlationId").GetString());
        Assert.True(seen.GetProperty("authorization").GetBoolean());
        Assert.Equal("order-import-42", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task A_request_without_a_correlation_id_gets_one_that_the_service_sees_too()
    {
        var response = await gateway.ClientAs("group-executive", staffId: Guid.CreateVersion7()).GetAsync("/api/customers");

        var given = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Equal(given, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_413_problem_and_never_reaches_the_service()
    {
        var response = await gateway.ClientAs("group-executive", staffId: Guid.CreateVersion7())
            .PostAsync("/api/customers", new StringContent(new string('x', 10_000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_route_gets_a_404_problem()
    {
        var response = await gateway.ClientAs("group-executive").GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public class RateLimitTests(RateLimitedGateway gateway) : IClassFixture<RateLimitedGateway>
{
    [Fact]
    public async Task A_caller_over_the_rate_limit_gets_429_with_retry_after_and_others_are_not_affected()
    {
        var busy = gateway.ClientAs("sales-rep", "north", Guid.CreateVersion7());
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++) statuses.Add(await busy.GetAsync("/api/customers"));

        var limited = statuses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await gateway.ClientAs("sales-rep", "north", Guid.CreateVersion7()).GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_address_so_sign_in_cannot_be_hammered()
    {
        var anonymous = gateway.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent([]))).StatusCode);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
