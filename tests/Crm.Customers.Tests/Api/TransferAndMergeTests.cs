using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Customers.Domain;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Customers.Tests.Api;

public class TransferAndMergeTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    [Fact]
    public async Task A_transferred_customer_keeps_its_id_and_history_and_only_the_new_branch_sees_it()
    {
        var (id, etag) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        await Exec.PostAsJsonAsync($"/api/customers/{id}/contacts", new { name = "Li Wei" });

        var byHead = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" });
        var stale = await Exec.SendAsync(HttpMethod.Post, $"/api/customers/{id}/transfer", new { branch = "east" }, etag);
        var moved = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" });
        var edited = await service.ClientAs("branch-head", "east").SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "in east" }, moved.Headers.ETag!.Tag);
        var history = await service.ClientAs("branch-head", "east").GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");

        Assert.Equal(HttpStatusCode.Forbidden, byHead.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("\"1\"", moved.Headers.ETag?.Tag);
        var customer = await moved.JsonAsync();
        Assert.Equal(("east", 1), (customer.GetProperty("branch").GetString(), customer.GetProperty("contacts").GetArrayLength()));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "north").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal("east", (await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}")).GetProperty("branch").GetString());
        var entries = history.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString())).ToList();
        Assert.Equal([("customer-registered", "north"), ("contact-added", "north"), ("customer-transferred-out", "north"),
            ("customer-transferred-in", "east"), ("customer-profile-updated", "east")], entries);
    }

    [Fact]
    public async Task A_customer_can_come_back_to_a_branch_it_left()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));

        await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" });
        var back = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "north" });
        var same = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "north" });
        var bad = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "North!" });

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("\"3\"", back.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("branch-head", "north").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("branch-head", "east").GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_customer_coming_back_continues_its_old_stream_and_keeps_the_whole_history()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        await Exec.PostAsJsonAsync($"/api/customers/{id}/contacts", new { name = "Li Wei" });

        var away = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "east" });
        await service.ClientAs("branch-head", "east").SendAsync(HttpMethod.Post, $"/api/customers/{id}/grade", new { grade = "vip" }, away.Headers.ETag!.Tag);
        var back = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "north" });
        var history = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var customer = await back.JsonAsync();
        Assert.Equal(("north", "vip", 1), (customer.GetProperty("branch").GetString(), customer.GetProperty("grade").GetString(), customer.GetProperty("contacts").GetArrayLength()));
        Assert.Equal("\"4\"", back.Headers.ETag?.Tag); // north's stream: registered, contact added, transferred out, transferred in
        var entries = history.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("branch").GetString())).ToList();
        Assert.Equal([("customer-registered", "north"), ("contact-added", "north"), ("customer-transferred-out", "north"),
            ("customer-transferred-in", "east"), ("customer-grade-changed", "east"), ("customer-transferred-out", "east"),
            ("customer-transferred-in", "north")], entries);
        Assert.Equal(1, await LiveCopiesAsync(id));
    }

    [Fact]
    public async Task Concurrent_transfers_of_one_customer_leave_it_live_in_exactly_one_branch()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        var current = "north";
        for (var round = 0; round < 5; round++)
        {
            var from = current == "east" ? "south" : "east";
            var moved = await Exec.PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = from });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

            // Back to a branch it left, and on to another, at once: one wins, the other changes nothing.
            var outcomes = await Task.WhenAll(
                service.ClientAs("group-executive").PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = "north" }),
                service.ClientAs("group-executive").PostAsJsonAsync($"/api/customers/{id}/transfer", new { branch = from == "south" ? "east" : "south" }));

            Assert.Contains(outcomes, o => o.StatusCode == HttpStatusCode.OK);
            Assert.All(outcomes, o => Assert.Contains(o.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            Assert.Equal(1, await LiveCopiesAsync(id));
            var live = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}");
            var history = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");
            var types = history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
            Assert.Equal(types.Count(t => t == "customer-transferred-out"), types.Count(t => t == "customer-transferred-in"));
            current = live.GetProperty("branch").GetString()!;
            Assert.Equal(current, history.GetProperty("items").EnumerateArray().Last().GetProperty("branch").GetString());
        }
    }

    /// <summary>How many branches hold the customer as live (not a closed copy left behind by a transfer).</summary>
    private async Task<int> LiveCopiesAsync(Guid id)
    {
        await using var session = service.Factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Customer>().CountAsync(c => c.AnyTenant() && c.Id == id && c.Status != CustomerStatus.TransferredOut);
    }

    [Fact]
    public async Task Merging_moves_contacts_to_the_survivor_the_duplicate_points_to_it_and_unmerging_undoes_it()
    {
        var head = service.ClientAs("branch-head", "north");
        var (survivor, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        var (duplicate, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        await Exec.PostAsJsonAsync($"/api/customers/{duplicate}/contacts", new { name = "Zhang Min" });

        var merged = await head.PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = duplicate });
        var pointer = await head.GetAsync($"/api/customers/{duplicate}");
        var twice = await head.PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = duplicate });
        var unmerged = await head.PostAsJsonAsync($"/api/customers/{survivor}/unmerge", new { duplicateId = duplicate });
        var back = await head.GetFromJsonAsync<JsonElement>($"/api/customers/{duplicate}");

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal("Zhang Min", (await merged.JsonAsync()).GetProperty("contacts")[0].GetProperty("name").GetString());
        var duplicateNow = await pointer.JsonAsync();
        Assert.Equal(("merged", survivor), (duplicateNow.GetProperty("status").GetString(), duplicateNow.GetProperty("mergedInto").GetGuid()));
        Assert.Contains(survivor.ToString(), pointer.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(0, (await unmerged.JsonAsync()).GetProperty("contacts").GetArrayLength());
        Assert.Equal(("active", 1), (back.GetProperty("status").GetString(), back.GetProperty("contacts").GetArrayLength()));
    }

    [Fact]
    public async Task Merging_into_itself_an_unknown_or_another_branchs_customer_is_refused()
    {
        var (survivor, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north"));
        var (elsewhere, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("east"));

        var itself = await Exec.PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = survivor });
        var unknown = await Exec.PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = Guid.CreateVersion7() });
        var otherBranch = await Exec.PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = elsewhere });
        var byRep = await service.ClientAs("sales-rep", "north").PostAsJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = elsewhere });
        var notMerged = await Exec.PostAsJsonAsync($"/api/customers/{survivor}/unmerge", new { duplicateId = elsewhere });

        Assert.Equal(HttpStatusCode.BadRequest, itself.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherBranch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byRep.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notMerged.StatusCode);
    }
}
