using System.Net;
using System.Net.Http.Json;

namespace Crm.Customers.Tests.Api;

public class CustomerProfileTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    [Fact]
    public async Task A_customer_is_registered_with_its_whole_profile()
    {
        var body = CustomerRequests.ACustomer().With("grade", "vip").With("taxId", "91310000MA1").With("phones", new[] { "+86 10 5555 0100" })
            .With("emails", new[] { "buy@hengda.example" }).With("addresses", new[] { "1 Chang'an Road, Beijing" }).With("website", "https://hengda.example")
            .With("needs", "Cable in bulk").With("painPoints", "Late deliveries").With("competitors", "Delixi");

        var response = await Exec.PostAsJsonAsync("/api/customers", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var customer = await response.JsonAsync();
        Assert.Equal("vip", customer.GetProperty("grade").GetString());
        Assert.Equal("active", customer.GetProperty("status").GetString());
        Assert.Equal("Late deliveries", customer.GetProperty("painPoints").GetString());
        Assert.Equal("+86 10 5555 0100", customer.GetProperty("phones")[0].GetString());
    }

    [Fact]
    public async Task A_likely_duplicate_gets_409_with_the_candidates_unless_allowed()
    {
        var name = $"Yuan Trading {Guid.NewGuid():N}";
        var (first, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer(name: name));
        var phone = $"+86 21 {Random.Shared.Next(1000000, 9999999)}";
        var (second, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer().With("phones", new[] { phone }));

        var byName = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer(name: $"  {name.ToUpperInvariant()}. "));
        var byPhone = await service.ClientAs("sales-rep", "north").PostAsJsonAsync("/api/customers",
            CustomerRequests.ACustomer().With("phones", new[] { phone.Replace(" ", "-", StringComparison.Ordinal) }));
        var otherBranch = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("east", name));
        var allowed = await Exec.PostAsJsonAsync("/api/customers?allowDuplicate=true", CustomerRequests.ACustomer(name: name));

        Assert.Equal(HttpStatusCode.Conflict, byName.StatusCode);
        Assert.Equal(first, (await byName.JsonAsync()).GetProperty("candidates")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, byPhone.StatusCode);
        Assert.Equal(second, (await byPhone.JsonAsync()).GetProperty("candidates")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, otherBranch.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Fact]
    public async Task The_duplicate_lookup_finds_by_name_tax_id_or_phone_within_the_branch()
    {
        var taxId = $"TAX{Guid.NewGuid():N}"[..20];
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer().With("taxId", taxId));

        var north = await service.ClientAs("branch-head", "north").GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/customers/duplicates?taxId={taxId.ToLowerInvariant()}");
        var east = await service.ClientAs("branch-head", "east").GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/customers/duplicates?taxId={taxId}");

        var candidate = Assert.Single(north.GetProperty("items").EnumerateArray());
        Assert.Equal(id, candidate.GetProperty("id").GetGuid());
        Assert.Equal("taxId", candidate.GetProperty("matched")[0].GetString());
        Assert.Empty(east.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("grade", "platinum")]
    [InlineData("category", "bakery")]
    [InlineData("name", "")]
    [InlineData("emails", "not-an-email")]
    [InlineData("phones", "12")]
    public async Task An_invalid_field_gets_400_naming_it(string field, string value)
    {
        object? given = field is "emails" or "phones" ? new[] { value } : value;

        var response = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer().With(field, given));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).HasError(field));
    }

    [Fact]
    public async Task Overlong_fields_get_400()
    {
        var response = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer(name: new string('x', 201)).With("needs", new string('n', 2001)));

        var problem = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.HasError("name") && problem.HasError("needs"));
    }

    [Fact]
    public async Task A_profile_edit_with_the_current_etag_changes_only_what_it_names_and_a_stale_one_gets_412()
    {
        var (id, etag) = await Exec.RegisterAsync(CustomerRequests.ACustomer().With("website", "https://old.example").With("needs", "cable"));

        var edited = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "switchgear", website = (string?)null }, etag);
        var stale = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { needs = "again" }, etag);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag?.Tag);
        var customer = await edited.JsonAsync();
        Assert.Equal("switchgear", customer.GetProperty("needs").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, customer.GetProperty("website").ValueKind);
        Assert.Equal("regional-electrical-store", customer.GetProperty("category").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task Editing_unknown_fields_fields_with_their_own_command_or_bad_values_gets_400()
    {
        var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer());

        var grade = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { grade = "vip" });
        var category = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { category = "bakery", colour = "red" });
        var name = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{id}", new { name = (string?)null });

        Assert.Equal(HttpStatusCode.BadRequest, grade.StatusCode);
        Assert.True((await grade.JsonAsync()).HasError("grade"));
        var categoryProblem = await category.JsonAsync();
        Assert.True(categoryProblem.HasError("category") && categoryProblem.HasError("colour"));
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
    }

    [Fact]
    public async Task Editing_an_unknown_customer_gets_404()
    {
        var response = await Exec.SendAsync(HttpMethod.Patch, $"/api/customers/{Guid.CreateVersion7()}", new { needs = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Categories_are_configurable_and_registration_follows_them()
    {
        var categories = new[] { "international-parts-distributor", "international-trader", "regional-electrical-store", "regional-specialty-store",
            "regional-volume-store", "regional-diy-store", "other", "online-marketplace" };

        var rep = await service.ClientAs("sales-rep", "north").PutAsJsonAsync("/api/settings/customer-categories", new { categories });
        var bad = await service.ClientAs("system-admin").PutAsJsonAsync("/api/settings/customer-categories", new { categories = new[] { "Not A Code" } });
        var put = await service.ClientAs("system-admin").PutAsJsonAsync("/api/settings/customer-categories", new { categories });
        var read = await service.ClientAs("sales-rep", "north").GetFromJsonAsync<System.Text.Json.JsonElement>("/api/settings/customer-categories");
        var registered = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer().With("category", "online-marketplace"));

        Assert.Equal(HttpStatusCode.Forbidden, rep.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(8, read.GetProperty("categories").GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }
}
