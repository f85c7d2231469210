using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

/// <summary>
/// API.md business times: an integration client granted crm.import migrates customers from an older
/// CRM with their branch, owner and registration time; without the scope it writes nothing, and
/// staff cannot backdate a registration.
/// </summary>
public class ImportClientTests(CustomersService service) : IClassFixture<CustomersService>
{
    private static readonly DateTimeOffset Past = new(2019, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task An_import_client_registers_a_customer_in_the_branch_for_the_owner_at_the_time_it_gives()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "customers.customer-registered");
        var owner = Guid.CreateVersion7();
        var body = CustomerRequests.ACustomer("east", ownerId: owner).With("registeredAt", Past);

        var response = await service.IntegrationWith("crm.import").PostAsJsonAsync("/api/customers", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.Equal(("east", owner), (created.GetProperty("branch").GetString(), created.GetProperty("ownerId").GetGuid()));
        Assert.Equal(Past, created.GetProperty("registeredAt").GetDateTimeOffset());
        var id = created.GetProperty("id").GetString();
        var read = await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/customers/{id}");
        Assert.Equal(Past, read.GetProperty("registeredAt").GetDateTimeOffset());
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Header("ce-subject") == id)),
            e => e is not null, what: "customer-registered of the imported customer");
        Assert.Equal(Past, published!.Body.GetProperty("registeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_import_client_imports_a_file_with_owners_and_registration_times_into_the_branch_it_names()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var owner = Guid.CreateVersion7();
        var file = "name,category,ownerId,registeredAt\n" +
                   $"{tag} Old One,other,{owner},2018-06-30T17:00:00+08:00\n" +
                   $"{tag} Old Two,other,,2020-01-02T03:04:05Z\n" +
                   $"{tag} Bad Time,other,,last spring\n" +
                   $"{tag} Future,other,,{DateTimeOffset.UtcNow.AddDays(2):O}\n";

        var response = await service.IntegrationWith("crm.import").PostAsync("/api/customers/import?branch=south", Csv(file));
        var listed = await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&branch=south&sort=registeredAt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal([(4, "registeredAt"), (5, "registeredAt")],
            report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).Order());
        var items = listed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([$"{tag} Old One", $"{tag} Old Two"], items.Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(new DateTimeOffset(2018, 6, 30, 9, 0, 0, TimeSpan.Zero), items[0].GetProperty("registeredAt").GetDateTimeOffset());
        Assert.Equal(owner, items[0].GetProperty("ownerId").GetGuid());
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), items[1].GetProperty("registeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Without_crm_import_an_integration_client_writes_nothing()
    {
        var before = await service.StoredEventCountAsync();
        var reader = service.IntegrationWith();
        var (existing, etag) = await service.ClientAs("group-executive").RegisterAsync(CustomerRequests.ACustomer("north"));

        var register = await reader.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north").With("registeredAt", Past));
        var import = await reader.PostAsync("/api/customers/import?branch=north", Csv("name,category\nReader's own,other\n"));
        var edit = await service.IntegrationWith("crm.import").SendAsync(HttpMethod.Patch, $"/api/customers/{existing}", new { name = "Renamed" }, etag);
        var read = await reader.GetAsync($"/api/customers/{existing}");

        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Contains("crm.import", (await register.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(before + 1, await service.StoredEventCountAsync()); // the executive's registration only
    }

    [Fact]
    public async Task Staff_giving_a_registration_time_and_import_clients_giving_a_future_one_get_400_and_nothing_is_stored()
    {
        var before = await service.StoredEventCountAsync();

        var byHead = await service.ClientAs("branch-head", "north").PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north").With("registeredAt", Past));
        var byExec = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north").With("registeredAt", Past));
        var fileByHead = await service.ClientAs("branch-head", "north").PostAsync("/api/customers/import",
            Csv($"name,category,registeredAt\nBackdated {Guid.NewGuid():N},other,{Past:O}\n"));
        var future = await service.IntegrationWith("crm.import").PostAsJsonAsync("/api/customers",
            CustomerRequests.ACustomer("north").With("registeredAt", DateTimeOffset.UtcNow.AddHours(1)));

        foreach (var refused in new[] { byHead, byExec, fileByHead, future })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonAsync()).HasError("registeredAt"));
        }
        Assert.Equal(before, await service.StoredEventCountAsync());
    }
}
