using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Revocation.Tests;

/// <summary>Staff frozen before an instance started are known to it from identity's list.</summary>
public class RevocationListTests
{
    private static async Task<JsonElement> RevocationHealthAsync(CrmServiceFactory<Crm.Customers.Program> service)
    {
        using var client = service.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("revoked-staff");
    }

    [Fact]
    public async Task A_staff_member_frozen_before_the_service_started_is_refused_once_identity_answers()
    {
        var frozenEarlier = Guid.CreateVersion7();
        var colleague = Guid.CreateVersion7();
        await using var identity = await StandInIdentity.StartAsync([frozenEarlier], unavailableFor: 2);

        await using var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);

        await Eventually.Get(() => CustomersInstance.RequestAsAsync(service, frozenEarlier), s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30), "the staff member on identity's list refused");
        Assert.Equal(HttpStatusCode.NotFound, await CustomersInstance.RequestAsAsync(service, colleague));
        Assert.True(identity.ListRequests >= 3, $"identity was asked {identity.ListRequests} times; two 503s should have been retried");
        Assert.Equal("Healthy", (await RevocationHealthAsync(service)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Until_identity_answers_the_service_is_ready_but_degraded_and_says_why()
    {
        await using var identity = await StandInIdentity.StartAsync([], unavailableFor: int.MaxValue);

        await using var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);

        var check = await Eventually.Get(() => RevocationHealthAsync(service),
            c => c.GetProperty("description").GetString()!.Contains("503", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "readiness naming identity's answer");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("not loaded", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_freeze_missed_while_the_broker_connection_was_down_is_picked_up_when_the_queue_is_bound_again()
    {
        await using var identity = await StandInIdentity.StartAsync([]);
        await using var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);
        await Eventually.Get(() => RevocationHealthAsync(service), c => c.GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(30), "the list loaded");
        var frozenMeanwhile = Guid.CreateVersion7();
        identity.Revoke(frozenMeanwhile);
        Assert.Equal(HttpStatusCode.NotFound, await CustomersInstance.RequestAsAsync(service, frozenMeanwhile));

        // The exclusive queue goes with the connection; MassTransit reconnects and binds a new one.
        var management = new RabbitManagement((await TestInfrastructure.GetAsync()).RabbitMqManagementUri);
        await Eventually.Get(() => management.CloseConnectionsAsync(RabbitManagement.VirtualHostOf(service.RabbitMq)), closed => closed > 0,
            TimeSpan.FromSeconds(30), "the service's broker connection closed");

        await Eventually.Get(() => CustomersInstance.RequestAsAsync(service, frozenMeanwhile), s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(60), "the staff member frozen while disconnected refused after the list was reloaded");
    }

    [Fact]
    public async Task A_freeze_after_start_up_still_reaches_an_instance_that_loaded_the_list()
    {
        await using var identity = await StandInIdentity.StartAsync([]);
        await using var service = await CrmServiceFactory<Crm.Customers.Program>.StartAsync("customers", identity.ServiceSettings);
        await Eventually.Get(() => RevocationHealthAsync(service), c => c.GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(30), "the list loaded");
        var staff = Guid.CreateVersion7();

        await IdentityEvents.FreezeAsync(service.RabbitMq, staff);

        await Eventually.Get(() => CustomersInstance.RequestAsAsync(service, staff), s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the staff member frozen after start-up refused");
    }
}
