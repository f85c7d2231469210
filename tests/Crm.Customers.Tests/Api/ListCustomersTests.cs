using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

public class ListCustomersTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static IEnumerable<string?> Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString());

    [Fact]
    public async Task Reps_see_their_own_customers_branch_roles_their_branch_and_head_office_all_or_one_branch()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rep = Guid.CreateVersion7();
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} mine", rep));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} colleague's"));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("east", $"{tag} east"));

        var ofRep = await service.ClientAs("sales-rep", "north", rep).GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");
        var ofHead = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");
        var ofExec = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag.ToUpperInvariant()}");
        var ofExecEast = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&branch=east");

        Assert.Equal([$"{tag} mine"], Names(ofRep));
        Assert.Equal([$"{tag} colleague's", $"{tag} mine"], Names(ofHead));
        Assert.Equal(3, ofExec.GetProperty("items").GetArrayLength());
        Assert.Equal([$"{tag} east"], Names(ofExecEast));
    }

    [Fact]
    public async Task Filters_sorting_and_paging_with_a_cursor()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var owner = Guid.CreateVersion7();
        foreach (var n in new[] { "c", "a", "b" })
            await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} {n}", owner).With("grade", n == "b" ? "vip" : "normal"));
        var (archived, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} z", owner));
        await Exec.PostAsync($"/api/customers/{archived}/archive", null);

        var first = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=active&limit=2&ownerId={owner}");
        var second = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=active&limit=2&ownerId={owner}&cursor={first.GetProperty("nextCursor").GetString()}");
        var vip = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&grade=vip");
        var descending = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&sort=-name&category=regional-electrical-store");
        var archivedOnly = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=archived");

        Assert.Equal([$"{tag} a", $"{tag} b"], Names(first));
        Assert.Equal([$"{tag} c"], Names(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal([$"{tag} b"], Names(vip));
        Assert.Equal([$"{tag} z", $"{tag} c", $"{tag} b", $"{tag} a"], Names(descending));
        Assert.Equal([$"{tag} z"], Names(archivedOnly));
    }

    [Theory]
    [InlineData("sort=size")]
    [InlineData("grade=gold")]
    [InlineData("status=lost")]
    [InlineData("limit=501")]
    [InlineData("cursor=%%%")]
    [InlineData("ownerId=bob")]
    public async Task Bad_list_parameters_get_400(string query)
    {
        var response = await Exec.GetAsync($"/api/customers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
