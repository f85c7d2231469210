using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

public class CustomerCommandTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    [Fact]
    public async Task Contacts_are_added_updated_and_removed_each_with_a_new_etag()
    {
        var (id, etag) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        var added = await Exec.SendAsync(HttpMethod.Post, $"/api/customers/{id}/contacts",
            new { name = "Li Wei", title = "Purchasing", decisionMaker = true, preferences = "WeChat", concerns = "price" }, etag);
        var contact = added.Headers.Location!.OriginalString;
        var updated = await Exec.SendAsync(HttpMethod.Put, contact, new { name = "Li Wei", title = "Director", decisionMaker = true }, added.Headers.ETag!.Tag);
        var unknown = await Exec.SendAsync(HttpMethod.Put, $"/api/customers/{id}/contacts/{Guid.CreateVersion7()}", new { name = "Nobody" });
        var removed = await Exec.SendAsync(HttpMethod.Delete, contact, ifMatch: updated.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("\"2\"", added.Headers.ETag?.Tag);
        Assert.True((await added.JsonAsync()).GetProperty("contacts")[0].GetProperty("decisionMaker").GetBoolean());
        Assert.Equal("Director", (await updated.JsonAsync()).GetProperty("contacts")[0].GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("\"4\"", removed.Headers.ETag?.Tag);
        Assert.Equal(0, (await removed.JsonAsync()).GetProperty("contacts").GetArrayLength());
    }

    [Fact]
    public async Task A_contact_without_a_name_gets_400()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        var response = await Exec.PostAsJsonAsync($"/api/customers/{id}/contacts", new { title = "Buyer" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).HasError("name"));
    }

    [Fact]
    public async Task The_branch_head_assigns_an_owner_who_then_sees_the_customer_and_a_rep_may_not()
    {
        var rep = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer(ownerId: owner));

        var byRep = await service.ClientAs("sales-rep", "north", owner).PostAsJsonAsync($"/api/customers/{id}/owner", new { ownerId = rep });
        var byHead = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/customers/{id}/owner", new { ownerId = rep });
        var missing = await service.ClientAs("branch-head", "north").PostAsJsonAsync($"/api/customers/{id}/owner", new { });

        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHead.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientAs("sales-rep", "north", rep).GetAsync($"/api/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientAs("sales-rep", "north", owner).GetAsync($"/api/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_grade_changes_and_an_unknown_grade_gets_400()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        var vip = await Exec.PostAsJsonAsync($"/api/customers/{id}/grade", new { grade = "vip" });
        var bad = await Exec.PostAsJsonAsync($"/api/customers/{id}/grade", new { grade = "gold" });

        Assert.Equal("vip", (await vip.JsonAsync()).GetProperty("grade").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).HasError("grade"));
    }

    [Fact]
    public async Task Archive_and_restore_answer_409_when_already_done_and_an_archived_customer_takes_no_edits()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        var archived = await Exec.PostAsync($"/api/customers/{id}/archive", null);
        var again = await Exec.PostAsync($"/api/customers/{id}/archive", null);
        var edit = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "x" });
        var restored = await Exec.PostAsync($"/api/customers/{id}/restore", null);
        var restoredAgain = await Exec.PostAsync($"/api/customers/{id}/restore", null);

        Assert.Equal("archived", (await archived.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal("active", (await restored.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, restoredAgain.StatusCode);
    }

    [Fact]
    public async Task Commands_on_an_unknown_customer_get_404_and_a_malformed_if_match_400()
    {
        var unknown = Guid.CreateVersion7();
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        Assert.Equal(HttpStatusCode.NotFound, (await Exec.PostAsync($"/api/customers/{unknown}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Exec.PostAsJsonAsync($"/api/customers/{unknown}/grade", new { grade = "vip" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Exec.SendAsync(HttpMethod.Post, $"/api/customers/{id}/archive", ifMatch: "yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Exec.SendAsync(HttpMethod.Post, $"/api/customers/{id}/archive", ifMatch: "\"7\"")).StatusCode);
    }

    [Fact]
    public async Task As_of_and_history_follow_several_edits()
    {
        var (id, etag) = await Exec.RegisterAsync(CustomerRequests.ACustomer().With("needs", "first"));
        var afterRegistering = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var second = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "second" }, etag);
        await Exec.PostAsJsonAsync($"/api/customers/{id}/grade", new { grade = "key" });

        var then = await Exec.GetAsync($"/api/customers/{id}?asOf={Uri.EscapeDataString(afterRegistering.ToString("O"))}");
        var history = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}/history");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var customerThen = await then.JsonAsync();
        Assert.Equal("first", customerThen.GetProperty("needs").GetString());
        Assert.Equal("normal", customerThen.GetProperty("grade").GetString());
        Assert.Equal("\"1\"", then.Headers.ETag?.Tag);
        Assert.Equal(["customer-registered", "customer-profile-updated", "customer-grade-changed"],
            history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }
}
