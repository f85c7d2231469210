using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

public class ConsumerTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private async Task<JsonElement> History(Guid id) => await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");

    [Fact]
    public async Task A_leavers_customers_go_to_the_named_colleague_once_even_when_the_event_is_redelivered()
    {
        var leaver = Guid.CreateVersion7();
        var colleague = Guid.CreateVersion7();
        var (first, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", ownerId: leaver));
        var (second, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", ownerId: leaver));
        var (someoneElses, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", ownerId: colleague));
        var eventId = Guid.CreateVersion7().ToString();
        var body = new { staffId = leaver, branch = "north", reassignTo = colleague, leftAt = DateTimeOffset.UtcNow };
        var headers = new Dictionary<string, string> { ["ce-id"] = eventId, ["ce-type"] = "crm.identity.staff-left.v1" };

        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left", body, headers);
        await Eventually.Get(async () => (await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{second}")).GetProperty("ownerId").GetString(),
            owner => owner == colleague.ToString(), what: "the leaver's customer reassigned");
        var before = await service.StoredEventCountAsync();
        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left", body, headers);
        // A marker event behind the redelivery on the same queue shows the redelivery was consumed.
        var marker = Guid.CreateVersion7();
        var (markerCustomer, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", ownerId: marker));
        await EventSubscriber.PublishAsync(service.RabbitMq, "identity.staff-left",
            new { staffId = marker, branch = "north", reassignTo = colleague, leftAt = DateTimeOffset.UtcNow },
            new Dictionary<string, string> { ["ce-id"] = Guid.CreateVersion7().ToString() });
        await Eventually.Get(async () => (await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{markerCustomer}")).GetProperty("ownerId").GetString(),
            owner => owner == colleague.ToString(), what: "the marker reassigned");

        Assert.Equal(before + 2, await service.StoredEventCountAsync()); // the marker's registration and reassignment only
        foreach (var id in new[] { first, second })
        {
            var entries = (await History(id)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, entries.Count);
            Assert.Equal("staff-left", entries[1].GetProperty("data").GetProperty("reason").GetString());
        }
        Assert.Single((await History(someoneElses)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_lead_converted_into_a_new_customer_registers_it_once_under_the_id_sales_chose()
    {
        var customerId = Guid.CreateVersion7();
        var rep = Guid.CreateVersion7();
        var body = new
        {
            leadId = Guid.CreateVersion7(), branch = "east", customerId,
            newCustomer = new { name = "Converted Trading", category = "international-trader", grade = "key", phones = new[] { "+86 20 5555 0199" } },
            opportunityId = Guid.CreateVersion7(), convertedBy = rep, convertedAt = DateTimeOffset.UtcNow,
        };
        var headers = new Dictionary<string, string> { ["ce-id"] = Guid.CreateVersion7().ToString(), ["ce-type"] = "crm.sales.lead-converted.v1" };

        await EventSubscriber.PublishAsync(service.RabbitMq, "sales.lead-converted", body, headers);
        headers["ce-id"] = Guid.CreateVersion7().ToString(); // even a second event about the same conversion registers nothing new
        await EventSubscriber.PublishAsync(service.RabbitMq, "sales.lead-converted", body, headers);

        var customer = await Eventually.Get(async () => await service.ClientAs("sales-rep", "east", rep).GetAsync($"/api/customers/{customerId}"),
            r => r.IsSuccessStatusCode, what: "the converted customer registered");
        var json = await customer.JsonAsync();
        Assert.Equal(("Converted Trading", "key", "east"), (json.GetProperty("name").GetString(), json.GetProperty("grade").GetString(), json.GetProperty("branch").GetString()));
        await Eventually.Get(() => service.InboxCountAsync("customers.lead-converted"), n => n >= 2, what: "both deliveries processed");
        Assert.Single((await History(customerId)).GetProperty("items").EnumerateArray());
    }
}
