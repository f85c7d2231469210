using System.Net;
using System.Reflection;
using System.Text.Json;
using Crm.Contracts;
using Crm.Contracts.Sales;

namespace Crm.Gateway.Tests;

/// <summary>The AsyncAPI document subscribers read at /docs/asyncapi.json, checked against the contracts themselves.</summary>
public class EventCatalogueTests(GatewayUnderTest gateway) : IClassFixture<GatewayUnderTest>
{
    private static readonly IReadOnlyList<(Type Type, IntegrationEventAttribute Event)> Contracts =
        [.. typeof(IntegrationEventAttribute).Assembly.GetTypes()
            .Select(t => (t, t.GetCustomAttribute<IntegrationEventAttribute>()!))
            .Where(p => p.Item2 is not null)];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await gateway.CreateClient().GetAsync("/docs/asyncapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Needs_no_token_and_is_an_asyncapi_3_document_linked_from_the_docs_page()
    {
        var document = await DocumentAsync();

        Assert.Equal("3.0.0", document.GetProperty("asyncapi").GetString());
        Assert.Contains("/docs/asyncapi.json", await gateway.CreateClient().GetStringAsync("/docs"));
    }

    [Fact]
    public async Task Every_published_contract_has_a_channel_on_the_topic_exchange_with_its_routing_key_and_type()
    {
        var document = await DocumentAsync();
        var channels = document.GetProperty("channels");
        var messages = document.GetProperty("components").GetProperty("messages");

        Assert.NotEmpty(Contracts);
        Assert.Equal(Contracts.Count, channels.EnumerateObject().Count());
        foreach (var (type, e) in Contracts)
        {
            var channel = channels.GetProperty(e.RoutingKey);
            Assert.Equal(e.RoutingKey, channel.GetProperty("address").GetString());
            var amqp = channel.GetProperty("bindings").GetProperty("amqp");
            Assert.Equal("routingKey", amqp.GetProperty("is").GetString());
            Assert.Equal("crm.events", amqp.GetProperty("exchange").GetProperty("name").GetString());
            Assert.Equal("topic", amqp.GetProperty("exchange").GetProperty("type").GetString());
            var message = messages.GetProperty(e.RoutingKey);
            Assert.Equal(e.CloudEventType, message.GetProperty("bindings").GetProperty("amqp").GetProperty("messageType").GetString());
            Assert.False(string.IsNullOrWhiteSpace(message.GetProperty("summary").GetString()), $"{type.Name} has no summary");
            Assert.Equal("send", document.GetProperty("operations").GetProperty($"publish {e.RoutingKey}").GetProperty("action").GetString());
        }
    }

    [Fact]
    public async Task A_payload_schema_lists_the_contract_s_camel_case_fields_with_money_as_numbers()
    {
        var payload = (await DocumentAsync()).GetProperty("components").GetProperty("messages")
            .GetProperty("sales.order-signed").GetProperty("payload");

        var properties = payload.GetProperty("properties");
        var expected = typeof(OrderSigned).GetConstructors().Single().GetParameters()
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("orderId", payload.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var amount = properties.GetProperty("total").GetProperty("properties").GetProperty("amount").GetProperty("type");
        Assert.Equal("number", amount.ValueKind == JsonValueKind.Array ? amount[0].GetString() : amount.GetString());
        Assert.Equal("uuid", properties.GetProperty("orderId").GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_nullable_field_is_not_required_because_nulls_are_left_out_of_the_json()
    {
        var payload = (await DocumentAsync()).GetProperty("components").GetProperty("messages")
            .GetProperty("sales.order-signed").GetProperty("payload");

        var required = payload.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.DoesNotContain("opportunityId", required);
        Assert.Contains("customerId", required);
    }

    [Fact]
    public async Task The_hand_written_catalogue_names_every_event_the_document_has()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "contracts", "README.md"));

        foreach (var (_, e) in Contracts)
            Assert.True(readme.Contains($"`{e.RoutingKey}`", StringComparison.Ordinal), $"contracts/README.md does not describe {e.RoutingKey}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
