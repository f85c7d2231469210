using System.Net;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

/// <summary>The OpenAPI document describes every customers route: what it answers and the problems it can give.</summary>
public class OpenApiTests(CustomersService service) : IClassFixture<CustomersService>
{
    private async Task<JsonElement> DocumentAsync()
    {
        var response = await service.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> CustomerOperations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith("/api/customers", StringComparison.Ordinal) || path.Name.StartsWith("/api/settings/customer-categories", StringComparison.Ordinal)
        from operation in path.Value.EnumerateObject()
        select (path.Name, operation.Name, operation.Value);

    [Fact]
    public async Task Every_customers_route_documents_its_answer_and_its_problems()
    {
        var operations = CustomerOperations(await DocumentAsync()).ToList();

        Assert.Equal(20, operations.Count);
        Assert.All(operations, o =>
        {
            var responses = o.Operation.GetProperty("responses");
            var success = responses.EnumerateObject().Single(r => r.Name.StartsWith('2'));
            Assert.True(success.Value.TryGetProperty("content", out _), $"{o.Method} {o.Path}: no success body");
            Assert.True(responses.TryGetProperty("401", out _), $"{o.Method} {o.Path}: no 401");
            foreach (var problem in new[] { "400", "403" })
                Assert.True(responses.TryGetProperty(problem, out var p) && p.GetProperty("content").TryGetProperty("application/problem+json", out _),
                    $"{o.Method} {o.Path}: no {problem} problem");
            Assert.Equal("Customers", o.Operation.GetProperty("tags").EnumerateArray().Single().GetString());
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()));
        });
        Assert.All(operations.Where(o => o.Path.Contains("{id}", StringComparison.Ordinal) && o.Method != "get"), o =>
        {
            foreach (var problem in new[] { "404", "409", "412" })
                Assert.True(o.Operation.GetProperty("responses").TryGetProperty(problem, out _), $"{o.Method} {o.Path}: no {problem}");
        });
    }

    [Fact]
    public async Task The_list_and_the_export_describe_their_filters_and_what_search_matches()
    {
        var operations = CustomerOperations(await DocumentAsync()).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);

        foreach (var route in new[] { "get /api/customers", "get /api/customers/export" })
        {
            var description = operations[route].GetProperty("description").GetString()!;
            foreach (var part in new[] { "search", "tax id", "emails", "contacts' names", "digits", "ownerId", "sort" })
                Assert.Contains(part, description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Registration_listing_and_export_document_their_shapes()
    {
        var document = await DocumentAsync();
        var operations = CustomerOperations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var register = operations["post /api/customers"].GetProperty("responses");
        Assert.EndsWith("CustomerResponse", register.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        var duplicate = register.GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.True(schemas.GetProperty(duplicate.Split('/')[^1]).GetProperty("properties").TryGetProperty("candidates", out _));
        Assert.True(operations["post /api/customers"].GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));

        var page = operations["get /api/customers"].GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var pageProperties = schemas.GetProperty(page.Split('/')[^1]).GetProperty("properties");
        Assert.True(pageProperties.TryGetProperty("items", out _) && pageProperties.TryGetProperty("nextCursor", out _));
        var customer = schemas.GetProperty("CustomerResponse").GetProperty("properties");
        Assert.All(new[] { "id", "branch", "name", "registeredAt", "version" }, p => Assert.True(customer.TryGetProperty(p, out _), p));

        Assert.True(operations["get /api/customers/export"].GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(operations["post /api/customers/import"].GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
    }
}
