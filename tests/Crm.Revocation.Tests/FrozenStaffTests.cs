using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Revocation.Tests;

public class FrozenStaffTests(CustomersInstance service) : IClassFixture<CustomersInstance>
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(10);

    private Task<HttpStatusCode> RequestAsAsync(Guid staffId) => CustomersInstance.RequestAsAsync(service.Factory, staffId);

    [Fact]
    public async Task A_frozen_staff_member_s_token_is_refused_within_seconds_and_accepted_again_once_unfrozen()
    {
        var staff = Guid.CreateVersion7();
        Assert.Equal(HttpStatusCode.NotFound, await RequestAsAsync(staff));

        await IdentityEvents.FreezeAsync(service.RabbitMq, staff);
        await Eventually.Get(() => RequestAsAsync(staff), s => s == HttpStatusCode.Unauthorized, Seconds, "the frozen staff member's token refused");

        await IdentityEvents.UnfreezeAsync(service.RabbitMq, staff);
        await Eventually.Get(() => RequestAsAsync(staff), s => s == HttpStatusCode.NotFound, Seconds, "the unfrozen staff member's token accepted");
    }

    [Fact]
    public async Task The_refusal_is_a_problem_response()
    {
        var staff = Guid.CreateVersion7();
        await IdentityEvents.FreezeAsync(service.RabbitMq, staff);
        await Eventually.Get(() => RequestAsAsync(staff), s => s == HttpStatusCode.Unauthorized, Seconds, "the frozen staff member's token refused");

        using var client = service.Factory.ClientAs("sales-rep", "north", staff);
        using var response = await client.GetAsync($"/api/customers/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("frozen or has left", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_staff_member_s_token_is_unaffected()
    {
        var frozen = Guid.CreateVersion7();
        var colleague = Guid.CreateVersion7();

        await IdentityEvents.FreezeAsync(service.RabbitMq, frozen);
        await Eventually.Get(() => RequestAsAsync(frozen), s => s == HttpStatusCode.Unauthorized, Seconds, "the frozen staff member's token refused");

        Assert.Equal(HttpStatusCode.NotFound, await RequestAsAsync(colleague));
    }

    [Fact]
    public async Task A_departed_staff_member_s_token_is_refused()
    {
        var leaver = Guid.CreateVersion7();

        await IdentityEvents.LeaveAsync(service.RabbitMq, leaver);

        await Eventually.Get(() => RequestAsAsync(leaver), s => s == HttpStatusCode.Unauthorized, Seconds, "the leaver's token refused");
    }

    [Fact]
    public async Task Every_instance_of_the_service_refuses_the_frozen_staff_member()
    {
        await using var second = await service.Factory.StartAnotherInstanceAsync();
        var staff = Guid.CreateVersion7();

        await IdentityEvents.FreezeAsync(service.RabbitMq, staff);

        await Eventually.Get(() => RequestAsAsync(staff), s => s == HttpStatusCode.Unauthorized, Seconds, "the first instance refuses");
        await Eventually.Get(() => CustomersInstance.RequestAsAsync(second, staff), s => s == HttpStatusCode.Unauthorized, Seconds,
            "the second instance refuses too (a queue of its own, not a competing consumer)");
    }

    [Fact]
    public async Task Each_instance_has_an_exclusive_queue_of_its_own_bound_to_the_three_staff_events_and_branch_opened()
    {
        var management = new RabbitManagement((await TestInfrastructure.GetAsync()).RabbitMqManagementUri);
        var vhost = Uri.EscapeDataString(RabbitManagement.VirtualHostOf(service.RabbitMq));
        var queues = await management.GetJsonAsync($"api/queues/{vhost}");

        var queue = Assert.Single(queues.EnumerateArray(), q => q.GetProperty("name").GetString()!.StartsWith("customers.revocations.", StringComparison.Ordinal));
        Assert.True(queue.GetProperty("exclusive").GetBoolean());
        Assert.True(queue.GetProperty("auto_delete").GetBoolean());
        Assert.False(queue.GetProperty("durable").GetBoolean());
        // MassTransit binds crm.events to an exchange named like the queue, which feeds the queue.
        var bindings = await management.GetJsonAsync($"api/exchanges/{vhost}/crm.events/bindings/source");
        var keys = bindings.EnumerateArray()
            .Where(b => b.GetProperty("destination").GetString() == queue.GetProperty("name").GetString())
            .Select(b => b.GetProperty("routing_key").GetString()!).Order().ToArray();
        Assert.Equal<string[]>(["identity.branch-opened", "identity.staff-frozen", "identity.staff-left", "identity.staff-unfrozen"], keys);
    }

    [Fact]
    public async Task Without_a_service_client_the_service_is_ready_but_degraded_and_says_why()
    {
        using var client = service.Factory.CreateClient();
        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("revoked-staff");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("No service client", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
