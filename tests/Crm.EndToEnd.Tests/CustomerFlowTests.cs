using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.EndToEnd.Tests;

/// <summary>One event end to end, through the public API and the public exchange only.</summary>
[Collection(SystemCollection.Name)]
public class CustomerFlowTests(CrmSystem system)
{
    private const string Category = "regional-electrical-store";

    /// <summary>A branch of the test's own, so its counts are not mixed with other tests'.</summary>
    private Task<string> ABranch() => system.OpenBranchAsync($"t{Guid.NewGuid():N}"[..20]);

    private static async Task<int> CustomersIn(HttpClient client, string branch)
    {
        var report = await client.GetFromJsonAsync<JsonElement>($"api/reports/customer-mix?branch={branch}");
        return report.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("category").GetString() == Category)
            .Select(i => i.GetProperty("customers").GetInt32()).FirstOrDefault();
    }

    [Fact]
    public async Task A_customer_registered_through_the_gateway_shows_in_the_customer_mix_report()
    {
        using var exec = system.Client(await system.SignInAsync());
        var branch = await ABranch();

        var response = await exec.PostAsJsonAsync("api/customers", new { name = "Hengda Electrical", branch, category = Category });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
        await Eventually.Get(() => CustomersIn(exec, branch), n => n == 1, what: "customer in customer-mix");
        var report = await exec.GetFromJsonAsync<JsonElement>($"api/reports/customer-mix?branch={branch}");
        var row = report.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("category").GetString() == Category);
        Assert.Equal(0m, row.GetProperty("sales").GetDecimal());
        Assert.True(row.TryGetProperty("share", out _));
        Assert.True(report.GetProperty("asOfPosition").GetInt64() > 0);
        Assert.True(report.TryGetProperty("lagMs", out _));
    }

    [Fact]
    public async Task An_external_subscriber_receives_the_event_as_plain_json_with_cloud_event_headers()
    {
        await using var subscriber = await EventSubscriber.BindAsync(system.Broker.AmqpUri, "customers.#");
        using var exec = system.Client(await system.SignInAsync());

        var created = await exec.PostAsJsonAsync("api/customers", new { name = "Yuan Trading", branch = "east", category = Category });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var received = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Header("ce-subject") == id)),
            e => e is not null, what: "customer-registered at the external subscriber");
        Assert.Equal("customers.customer-registered", received!.RoutingKey);
        Assert.Equal("crm.customers.customer-registered.v1", received.Header("ce-type"));
        Assert.Equal("east", received.Header("crm-branch"));
        Assert.False(string.IsNullOrEmpty(received.Header("ce-id")));
        Assert.False(string.IsNullOrEmpty(received.Header("ce-time")));
        Assert.Equal("Yuan Trading", received.Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Customers_registered_while_the_broker_is_down_reach_reporting_exactly_once()
    {
        using var exec = system.Client(await system.SignInAsync());
        var branch = await ABranch();

        await system.Broker.StopAsync(kill: true);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var response = await exec.PostAsJsonAsync("api/customers", new { name = $"Offline {i}", branch, category = Category });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
            // Still in rotation: a missing broker degrades readiness, it does not fail it.
            using var direct = new HttpClient { BaseAddress = system.ServiceUrl("customers") };
            var ready = await Eventually.Get(async () =>
                {
                    var response = await direct.GetAsync("/health/ready");
                    return (response.StatusCode, Status: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
                },
                r => r.Status == "Degraded", what: "customers ready but degraded");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await system.Broker.StartAgainAsync();
        }

        await Eventually.Get(() => CustomersIn(exec, branch), n => n >= 5, within: TimeSpan.FromMinutes(2), what: "all five customers in customer-mix");
        Assert.Equal(5, await CustomersIn(exec, branch));
    }
}
