using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

/// <summary>
/// The role matrix of DOMAIN.md for every customers route, for a caller in the record's branch and
/// in another one. A route added without a row here fails <see cref="Every_route_has_rows_in_the_access_table"/>.
/// </summary>
public class AccessMatrixTests(CustomersService service) : IClassFixture<CustomersService>
{
    private static readonly Guid Owner = Guid.CreateVersion7();

    // Route, role, whose record: "own-branch" (north, caller in north), "other-branch" (caller in east),
    // "owned" (a rep's own customer); group roles have no branch. Expected status.
    public static TheoryData<string, string, string, HttpStatusCode> Table => new()
    {
        { "POST /api/customers", "group-executive", "any", HttpStatusCode.Created },
        { "POST /api/customers", "branch-head", "own-branch", HttpStatusCode.Created },
        { "POST /api/customers", "branch-head", "other-branch", HttpStatusCode.Forbidden },
        { "POST /api/customers", "branch-admin", "own-branch", HttpStatusCode.Created },
        { "POST /api/customers", "branch-admin", "other-branch", HttpStatusCode.Forbidden },
        { "POST /api/customers", "sales-rep", "own-branch", HttpStatusCode.Created },
        { "POST /api/customers", "sales-rep", "other-branch", HttpStatusCode.Forbidden },
        { "POST /api/customers", "service-agent", "own-branch", HttpStatusCode.Forbidden },
        { "POST /api/customers", "system-admin", "any", HttpStatusCode.Forbidden },
        { "POST /api/customers", "integration", "any", HttpStatusCode.Forbidden },
        { "GET /api/customers/{id:guid}", "group-executive", "any", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}", "branch-head", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}", "branch-head", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}", "branch-admin", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}", "branch-admin", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}", "sales-rep", "owned", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}", "sales-rep", "own-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}", "sales-rep", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}", "service-agent", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}", "service-agent", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}", "system-admin", "any", HttpStatusCode.Forbidden },
        { "GET /api/customers/{id:guid}", "integration", "any", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "group-executive", "any", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "branch-head", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "branch-head", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}/history", "branch-admin", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "branch-admin", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}/history", "sales-rep", "owned", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "sales-rep", "own-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}/history", "sales-rep", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}/history", "service-agent", "own-branch", HttpStatusCode.OK },
        { "GET /api/customers/{id:guid}/history", "service-agent", "other-branch", HttpStatusCode.NotFound },
        { "GET /api/customers/{id:guid}/history", "system-admin", "any", HttpStatusCode.Forbidden },
        { "GET /api/customers/{id:guid}/history", "integration", "any", HttpStatusCode.OK },
    };

    [Fact]
    public void Every_route_has_rows_in_the_access_table()
    {
        var covered = Table.Select(row => (string)row[0]).ToHashSet();

        var uncovered = ApiRoutes.Of(service.Factory.Services).Except(covered).ToList();

        Assert.True(uncovered.Count == 0, $"Routes without access rows: {string.Join(", ", uncovered)}");
    }

    [Theory, MemberData(nameof(Table))]
    public async Task Each_role_gets_what_the_matrix_says(string route, string role, string whose, HttpStatusCode expected)
    {
        var customer = await ANorthCustomerOwnedBy(Owner);
        var (branch, staffId) = whose switch
        {
            "any" => ((string?)null, Guid.CreateVersion7()),
            "own-branch" => ("north", Guid.CreateVersion7()),
            "owned" => ("north", Owner),
            _ => ("east", Guid.CreateVersion7()),
        };
        var client = service.ClientAs(role, branch, staffId);
        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var path = template.Replace("{id:guid}", customer.ToString(), StringComparison.Ordinal);

        var response = method == "POST"
            ? await client.PostAsJsonAsync(path, new { name = "Matrix Trading", branch = "north", category = "other" })
            : await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<Guid> ANorthCustomerOwnedBy(Guid owner)
    {
        var created = await service.ClientAs("group-executive").PostAsJsonAsync("/api/customers",
            new { name = "Matrix Trading", branch = "north", category = "other", ownerId = owner });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
