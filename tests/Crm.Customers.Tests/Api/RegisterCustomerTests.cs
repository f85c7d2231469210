using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

public class RegisterCustomerTests(CustomersService service) : IClassFixture<CustomersService>
{
    private static object ACustomer(string branch = "north", string? name = null) =>
        new { name = name ?? $"Hengda Electrical {Guid.NewGuid():N}", branch, category = "regional-electrical-store" };

    [Fact]
    public async Task Registering_a_customer_returns_it_with_its_location_and_version()
    {
        var client = service.ClientAs("group-executive");

        var response = await client.PostAsJsonAsync("/api/customers", ACustomer());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/customers/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("north", body.GetProperty("branch").GetString());

        var read = await client.GetAsync($"/api/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(body.GetProperty("name").GetString(), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_registered_customer_is_published_for_subscribers_with_its_cloud_event_headers()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "customers.#");
        var name = $"Subscribed {Guid.NewGuid():N}";

        var response = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers", ACustomer("east", name));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var received = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Header("ce-subject") == id)),
            e => e is not null, what: "customer-registered on crm.events");
        Assert.Equal("customers.customer-registered", received!.RoutingKey);
        Assert.Equal("crm.customers.customer-registered.v1", received.Header("ce-type"));
        Assert.Equal("east", received.Header("crm-branch"));
        Assert.Equal("/crm/customers", received.Header("ce-source"));
        Assert.True(Guid.TryParse(received.Header("ce-id"), out _));
        Assert.Equal(name, received.Body.GetProperty("name").GetString());
        Assert.Equal(id, received.Body.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task A_sales_rep_owns_the_customers_they_enter_in_their_own_branch()
    {
        var rep = Guid.CreateVersion7();
        var response = await service.ClientAs("sales-rep", "north", rep).PostAsJsonAsync("/api/customers", new { name = "Rep's own", category = "other" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rep, body.GetProperty("ownerId").GetGuid());
        Assert.Equal("north", body.GetProperty("branch").GetString());
    }

    [Fact]
    public async Task Missing_fields_get_a_problem_naming_each_field_and_store_nothing()
    {
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers", new { name = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("branch", out _));
        Assert.True(errors.TryGetProperty("category", out _));
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Theory]
    [InlineData("{ \"name\": \"Broken\", ")]
    [InlineData("{ \"name\": 42, \"branch\": \"north\", \"category\": \"other\" }")]
    [InlineData("not json at all")]
    public async Task Malformed_json_gets_a_400_problem_and_stores_nothing(string json)
    {
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs("group-executive").PostAsync("/api/customers", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task A_branch_code_that_is_not_one_gets_a_400()
    {
        var response = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers", new { name = "X", branch = "North Branch!", category = "other" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("branch", out _));
    }

    [Theory]
    [InlineData("system-admin", null)]
    [InlineData("service-agent", "north")]
    [InlineData("integration", null)]
    public async Task Roles_that_may_not_register_customers_get_403_and_store_nothing(string role, string? branch)
    {
        var before = await service.StoredEventCountAsync();

        var response = await service.ClientAs(role, branch).PostAsJsonAsync("/api/customers", ACustomer());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task Branch_staff_cannot_register_customers_in_another_branch()
    {
        var response = await service.ClientAs("branch-head", "east").PostAsJsonAsync("/api/customers", ACustomer("north"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_branch_cannot_see_a_customer_and_learns_nothing_of_it()
    {
        var created = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers", ACustomer("north"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "east").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "north").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("branch-head", "north").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "north").GetAsync($"/api/customers/{Guid.CreateVersion7()}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_get_401()
    {
        var client = service.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/customers", ACustomer())).StatusCode);

        var tokens = service.Factory.Tokens;
        foreach (var token in new[] { tokens.ForeignlySigned("group-executive"), tokens.For("group-executive", lifetime: TimeSpan.FromMinutes(-10)), tokens.For("group-executive")[..^4] + "AAAA" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/customers") { Content = JsonContent.Create(ACustomer()) };
            request.Headers.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }
    }
}
