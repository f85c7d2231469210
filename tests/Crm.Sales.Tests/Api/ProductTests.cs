using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

public class ProductTests(SalesService service) : IClassFixture<SalesService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    public static object AProduct(string? code = null) => new
    {
        code = code ?? $"CBL-{Guid.NewGuid():N}"[..16], name = "Copper cable 100 m", category = "cable", listPrice = new { amount = 480m, currency = "CNY" },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task An_executive_adds_a_product_that_every_seller_reads_and_subscribers_hear_of()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "sales.product-added");

        var (id, body, etag) = await service.CreateAsync(Exec, "/api/products", AProduct());

        Assert.Equal("\"1\"", etag);
        Assert.Equal(480m, body.GetProperty("listPrice").GetProperty("amount").GetDecimal());
        var code = body.GetProperty("code").GetString();
        var found = await service.ClientAs("sales-rep", "east", Guid.CreateVersion7()).GetFromJsonAsync<JsonElement>($"/api/products?search={code}");
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var published = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Header("ce-subject") == id.ToString())),
            e => e is not null, what: "product-added published");
        Assert.Equal(code, published!.Body.GetProperty("code").GetString());
        Assert.Equal("", published.Header("crm-branch")); // group configuration belongs to no branch
    }

    [Fact]
    public async Task A_code_already_in_the_catalogue_is_a_conflict()
    {
        var code = $"DUP-{Guid.NewGuid():N}"[..12];
        await service.CreateAsync(Exec, "/api/products", AProduct(code));

        var again = await service.ClientAs("system-admin").PostAsJsonAsync("/api/products", AProduct(code));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Bad_fields_get_a_problem_naming_each_and_branch_staff_may_not_add()
    {
        var bad = await Exec.PostAsJsonAsync("/api/products", new { code = "", listPrice = new { amount = -1m, currency = "USD" } });
        var byHead = await service.ClientAs("branch-head", "north", Guid.CreateVersion7()).PostAsJsonAsync("/api/products", AProduct());

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Json(bad)).GetProperty("errors");
        foreach (var field in new[] { "code", "name", "category", "listPrice.amount", "listPrice.currency" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.Forbidden, byHead.StatusCode);
    }
}
