using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

public class CustomerHistoryTests(CustomersService service) : IClassFixture<CustomersService>
{
    private async Task<(Guid Id, Guid Head)> ARegisteredCustomer(string correlationId)
    {
        var head = Guid.CreateVersion7();
        var client = service.ClientAs("branch-head", "north", head);
        client.DefaultRequestHeaders.Add("X-Correlation-Id", correlationId);
        var response = await client.PostAsJsonAsync("/api/customers?allowDuplicate=true", new { name = "Hengda Electrical", category = "regional-electrical-store" });
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), head);
    }

    [Fact]
    public async Task The_history_shows_each_event_with_who_did_it_and_the_request_that_caused_it()
    {
        var correlation = $"history-{Guid.NewGuid():N}";
        var (id, head) = await ARegisteredCustomer(correlation);

        var history = await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");

        var entry = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("customer-registered", entry.GetProperty("type").GetString());
        Assert.Equal(1, entry.GetProperty("version").GetInt64());
        Assert.Equal(head.ToString(), entry.GetProperty("actor").GetString());
        Assert.Equal(correlation, entry.GetProperty("correlationId").GetString());
        Assert.Equal("north", entry.GetProperty("branch").GetString());
        Assert.Equal("Hengda Electrical", entry.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Another_branch_gets_404_for_the_history()
    {
        var (id, _) = await ARegisteredCustomer("x");

        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/customers/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("system-admin").GetAsync($"/api/customers/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task A_customer_read_as_of_a_time_before_it_was_registered_does_not_exist_yet()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (id, _) = await ARegisteredCustomer("y");
        var exec = service.ClientAs("group-executive");

        var then = await exec.GetAsync($"/api/customers/{id}?asOf={Uri.EscapeDataString(before.ToString("O"))}");
        var now = await exec.GetAsync($"/api/customers/{id}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}");

        Assert.Equal(HttpStatusCode.NotFound, then.StatusCode);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        Assert.Equal("\"1\"", now.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task An_as_of_that_is_not_a_time_gets_400()
    {
        var (id, _) = await ARegisteredCustomer("z");

        var response = await service.ClientAs("group-executive").GetAsync($"/api/customers/{id}?asOf=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
