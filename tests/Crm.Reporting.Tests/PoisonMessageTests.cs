using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

public class PoisonMessageTests(ReportingService service) : IClassFixture<ReportingService>
{
    private const string ErrorQueue = "reporting.events_error";

    [Fact]
    public async Task An_event_that_cannot_be_read_lands_in_the_error_queue_with_its_reason_and_the_rest_flow_on()
    {
        var poisonId = Guid.CreateVersion7();
        await service.PublishUnreadableCustomerAsync(poisonId);
        var category = $"after-poison-{Guid.NewGuid():N}";
        await service.PublishCustomerRegisteredAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), "north", category, position: 30);

        var exec = service.ClientAs("group-executive");
        await Eventually.Get(async () => (await exec.GetFromJsonAsync<JsonElement>("/api/reports/customer-mix"))
                .GetProperty("items").EnumerateArray().Any(i => i.GetProperty("category").GetString() == category),
            seen => seen, what: "the good event applied after the poison one");
        var parked = await Eventually.Get(() => ErrorQueueMessagesAsync(), m => m.Count > 0, what: "poison message in the error queue");

        var headers = parked[0].GetProperty("properties").GetProperty("headers");
        Assert.Equal(poisonId.ToString(), headers.GetProperty("ce-id").GetString());
        Assert.False(string.IsNullOrEmpty(headers.GetProperty("MT-Fault-Message").GetString()));
    }

    private async Task<IReadOnlyList<JsonElement>> ErrorQueueMessagesAsync() =>
        await new RabbitManagement((await TestInfrastructure.GetAsync()).RabbitMqManagementUri)
            .PeekAsync(RabbitManagement.VirtualHostOf(service.RabbitMq), ErrorQueue);
}
