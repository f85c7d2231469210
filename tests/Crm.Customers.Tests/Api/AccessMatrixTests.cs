using System.Net;
using System.Net.Http.Json;
using System.Text;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

/// <summary>
/// The role matrix of DOMAIN.md for every customers route, for a caller in the record's branch and
/// in another one. A route added without a row here fails <see cref="Every_route_has_rows_in_the_access_table"/>.
/// </summary>
public class AccessMatrixTests(CustomersService service) : IClassFixture<CustomersService>
{
    private static readonly Guid Owner = Guid.CreateVersion7();

    // The callers of each row, in the order of the expectations below: group roles have no branch;
    // "own-branch" is north (where the record is), "other-branch" east, "owned" a rep's own customer.
    private static readonly (string Role, string Whose)[] Callers =
    [
        ("group-executive", "any"), ("branch-head", "own-branch"), ("branch-head", "other-branch"), ("branch-admin", "own-branch"),
        ("branch-admin", "other-branch"), ("sales-rep", "owned"), ("sales-rep", "own-branch"), ("sales-rep", "other-branch"),
        ("service-agent", "own-branch"), ("service-agent", "other-branch"), ("system-admin", "any"), ("integration", "any"),
    ];

    // exec | head own, other | admin own, other | rep owned, own, other | agent own, other | sysadmin | integration
    private static readonly (string Route, string Expected)[] Routes =
    [
        ("POST /api/customers",                                     "201 201 403 201 403 201 201 403 403 403 403 403"),
        ("GET /api/customers",                                      "200 200 200 200 200 200 200 200 200 200 403 200"),
        ("GET /api/customers/duplicates",                           "200 200 200 200 200 200 200 200 200 200 403 200"),
        ("GET /api/customers/{id:guid}",                            "200 200 404 200 404 200 404 404 200 404 403 200"),
        ("GET /api/customers/{id:guid}/history",                    "200 200 404 200 404 200 404 404 200 404 403 200"),
        ("PATCH /api/customers/{id:guid}",                          "200 200 404 200 404 200 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/contacts",                  "201 201 404 201 404 201 404 404 403 404 403 403"),
        ("PUT /api/customers/{id:guid}/contacts/{contactId:guid}",  "200 200 404 200 404 200 404 404 403 404 403 403"),
        ("DELETE /api/customers/{id:guid}/contacts/{contactId:guid}", "200 200 404 200 404 200 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/owner",                     "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/grade",                     "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/archive",                   "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/restore",                   "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/merge",                     "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/unmerge",                   "200 200 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/{id:guid}/transfer",                  "200 403 404 403 404 403 404 404 403 404 403 403"),
        ("POST /api/customers/import",                              "200 200 403 200 403 200 200 403 403 403 403 403"),
        ("GET /api/customers/export",                               "200 200 200 403 403 403 403 403 403 403 403 403"),
        ("GET /api/settings/customer-categories",                   "200 200 200 200 200 200 200 200 200 200 200 200"),
        ("PUT /api/settings/customer-categories",                   "200 403 403 403 403 403 403 403 403 403 200 403"),
    ];

    public static TheoryData<string, string, string, HttpStatusCode> Table
    {
        get
        {
            var table = new TheoryData<string, string, string, HttpStatusCode>();
            foreach (var (route, expected) in Routes)
                foreach (var ((role, whose), status) in Callers.Zip(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                    table.Add(route, role, whose, (HttpStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
            return table;
        }
    }

    [Fact]
    public void Every_route_has_rows_in_the_access_table()
        => ApiRoutes.AssertCovered(service.Factory.Services, Table);

    [Theory, MemberData(nameof(Table))]
    public async Task Each_role_gets_what_the_matrix_says(string route, string role, string whose, HttpStatusCode expected)
    {
        var exec = service.ClientAs("group-executive");
        var customer = await ANorthCustomerOwnedBy(Owner);
        var contact = (await exec.PostAsJsonAsync($"/api/customers/{customer}/contacts", new { name = "Li Wei" })).Headers.Location!.OriginalString.Split('/')[^1];
        var duplicate = await ANorthCustomerOwnedBy(Owner);
        if (route.EndsWith("/restore", StringComparison.Ordinal)) await exec.PostAsync($"/api/customers/{customer}/archive", null);
        if (route.EndsWith("/unmerge", StringComparison.Ordinal)) await exec.PostAsJsonAsync($"/api/customers/{customer}/merge", new { duplicateId = duplicate });

        var (branch, staffId) = whose switch
        {
            "any" => ((string?)null, Guid.CreateVersion7()),
            "own-branch" => ("north", Guid.CreateVersion7()),
            "owned" => ("north", Owner),
            _ => ("east", Guid.CreateVersion7()),
        };
        var client = service.ClientAs(role, branch, staffId);
        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var path = template.Replace("{id:guid}", customer.ToString(), StringComparison.Ordinal).Replace("{contactId:guid}", contact, StringComparison.Ordinal);

        var response = await Send(client, method, path, duplicate);

        Assert.Equal(expected, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, Guid duplicate) => (method, path) switch
    {
        ("POST", "/api/customers") => client.PostAsJsonAsync(path, new { name = $"Matrix {Guid.NewGuid():N}", branch = "north", category = "other" }),
        ("POST", "/api/customers/import") => client.PostAsync($"{path}?branch=north",
            new StringContent($"name,category\nImported {Guid.NewGuid():N},other\n", Encoding.UTF8, "text/csv")),
        ("PUT", "/api/settings/customer-categories") => client.PutAsJsonAsync(path, new { categories = new[] { "other", "regional-electrical-store" } }),
        ("PATCH", _) => client.SendAsync(HttpMethod.Patch, path, new { needs = "more stock" }),
        ("PUT", _) => client.PutAsJsonAsync(path, new { name = "Li Wei", decisionMaker = true }),
        ("DELETE", _) => client.DeleteAsync(path),
        ("POST", _) when path.EndsWith("/contacts", StringComparison.Ordinal) => client.PostAsJsonAsync(path, new { name = "Wang Fang" }),
        ("POST", _) when path.EndsWith("/owner", StringComparison.Ordinal) => client.PostAsJsonAsync(path, new { ownerId = Guid.CreateVersion7() }),
        ("POST", _) when path.EndsWith("/grade", StringComparison.Ordinal) => client.PostAsJsonAsync(path, new { grade = "vip" }),
        ("POST", _) when path.EndsWith("/transfer", StringComparison.Ordinal) => client.PostAsJsonAsync(path, new { branch = "south" }),
        ("POST", _) when path.EndsWith("merge", StringComparison.Ordinal) => client.PostAsJsonAsync(path, new { duplicateId = duplicate }),
        ("POST", _) => client.PostAsync(path, null),
        _ => client.GetAsync(path.EndsWith("/duplicates", StringComparison.Ordinal) ? $"{path}?name=Matrix" : path),
    };

    private async Task<Guid> ANorthCustomerOwnedBy(Guid owner) =>
        (await service.ClientAs("group-executive").RegisterAsync(CustomerRequests.ACustomer("north", ownerId: owner))).Id;
}
