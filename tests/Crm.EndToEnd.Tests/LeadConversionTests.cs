using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.EndToEnd.Tests;

/// <summary>A lead becomes a customer across services, through the gateway only.</summary>
[Collection(SystemCollection.Name)]
public class LeadConversionTests(CrmSystem system)
{
    [Fact]
    public async Task A_lead_converted_into_a_new_customer_becomes_a_customer_that_shows_in_the_customer_mix()
    {
        using var exec = system.Client(await system.SignInAsync());
        var category = $"e2e-{Guid.NewGuid():N}";
        var captured = await exec.PostAsJsonAsync("api/leads", new { company = "Lianhe Electrical", contactPerson = "Zhao Min", branch = "north" });
        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        var lead = (await captured.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var converted = await exec.PostAsJsonAsync($"api/leads/{lead}/convert", new { newCustomer = new { name = "Lianhe Electrical", category } });

        Assert.Equal(HttpStatusCode.OK, converted.StatusCode);
        var body = await converted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("converted", body.GetProperty("status").GetString());
        var customerId = body.GetProperty("customerId").GetGuid();
        var customer = await Eventually.Get(() => exec.GetAsync($"api/customers/{customerId}"), r => r.StatusCode == HttpStatusCode.OK,
            what: "the converted lead registered as a customer");
        var json = await customer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Lianhe Electrical", category, "north"),
            (json.GetProperty("name").GetString(), json.GetProperty("category").GetString(), json.GetProperty("branch").GetString()));
        await Eventually.Get(async () => (await exec.GetFromJsonAsync<JsonElement>("api/reports/customer-mix")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("category").GetString() == category).Select(i => i.GetProperty("customers").GetInt32()).FirstOrDefault(),
            customers => customers == 1, what: "the new customer in customer-mix");
    }
}
