using System.Net.Http.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

/// <summary>Each change, as an external subscriber on crm.events sees it: routing key, CloudEvents headers, plain JSON.</summary>
public class PublishedEventsTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    [Fact]
    public async Task Every_change_to_a_customer_is_published_in_order_with_its_branch()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "customers.#");
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        var (duplicate, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        var added = await Exec.PostAsJsonAsync($"/api/customers/{id}/contacts", new { name = "Li Wei" });
        var contact = added.Headers.Location!.OriginalString;
        await Exec.PutAsJsonAsync(contact, new { name = "Li Wei", decisionMaker = true });
        await Exec.DeleteAsync(contact);
        await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "cable" });
        await Exec.PostAsJsonAsync($"/api/customers/{id}/owner", new { ownerId = Guid.CreateVersion7() });
        await Exec.PostAsJsonAsync($"/api/customers/{id}/grade", new { grade = "key" });
        await Exec.PostAsync($"/api/customers/{id}/archive", null);
        await Exec.PostAsync($"/api/customers/{id}/restore", null);
        await Exec.PostAsJsonAsync($"/api/customers/{id}/merge", new { duplicateId = duplicate });
        await Exec.PostAsJsonAsync($"/api/customers/{id}/unmerge", new { duplicateId = duplicate });
        await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" });

        string[] expected =
        [
            "customer-registered", "contact-added", "contact-updated", "contact-removed", "customer-profile-updated", "customer-owner-assigned",
            "customer-grade-changed", "customer-archived", "customer-restored", "customers-merged", "customers-unmerged", "customer-transferred",
        ];
        var received = await Eventually.Get(() => Task.FromResult(subscriber.Received.Where(e => e.Header("ce-subject") == id.ToString()).ToList()),
            events => events.Count >= expected.Length, what: "every customers event of one customer");

        Assert.Equal(expected.Select(e => $"customers.{e}"), received.Select(e => e.RoutingKey));
        Assert.All(received, e => Assert.Equal($"crm.{e.RoutingKey}.v1", e.Header("ce-type")));
        Assert.Equal("east", received[^1].Header("crm-branch"));
        Assert.Equal("north", received[^1].Body.GetProperty("fromBranch").GetString());
        Assert.Equal(duplicate, received[9].Body.GetProperty("duplicateId").GetGuid());
        Assert.Equal("key", received[6].Body.GetProperty("grade").GetString());
        Assert.True(received[2].Body.GetProperty("contact").GetProperty("decisionMaker").GetBoolean());
    }
}
