using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Crm.Testing;

namespace Crm.Tickets.Tests.Api;

/// <summary>
/// The role matrix of DOMAIN.md for every tickets route, for a caller in the ticket's branch and in
/// another one. A route added without a row here fails <see cref="Every_route_has_rows_in_the_access_table"/>.
/// </summary>
public class AccessMatrixTests(TicketsService service) : IClassFixture<TicketsService>
{
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static Task<Guid>? customer;

    // The callers of each row, in the order of the expectations below: group roles have no branch;
    // "own-branch" is north (where the ticket is), "other-branch" east, "owned" the rep who owns the customer.
    private static readonly (string Role, string Whose)[] Callers =
    [
        ("group-executive", "any"), ("branch-head", "own-branch"), ("branch-head", "other-branch"), ("branch-admin", "own-branch"),
        ("branch-admin", "other-branch"), ("sales-rep", "owned"), ("sales-rep", "own-branch"), ("sales-rep", "other-branch"),
        ("service-agent", "own-branch"), ("service-agent", "other-branch"), ("system-admin", "any"), ("integration", "any"),
    ];

    private const string Work = "200 200 404 200 404 403 404 404 200 404 403 403";

    // exec | head own, other | admin own, other | rep owned, own, other | agent own, other | sysadmin | integration
    private static readonly (string Route, string Expected)[] Routes =
    [
        ("POST /api/tickets",                            "201 201 400 201 400 201 400 400 201 400 403 403"),
        ("GET /api/tickets",                             "200 200 200 200 200 200 200 200 200 200 403 200"),
        ("GET /api/tickets/{id:guid}",                   "200 200 404 200 404 200 404 404 200 404 403 200"),
        ("GET /api/tickets/{id:guid}/history",           "200 200 404 200 404 200 404 404 200 404 403 200"),
        ("POST /api/tickets/{id:guid}/assign",           Work),
        ("POST /api/tickets/{id:guid}/respond",          Work),
        ("POST /api/tickets/{id:guid}/comment",          Work),
        ("POST /api/tickets/{id:guid}/wait",             Work),
        ("POST /api/tickets/{id:guid}/resume",           Work),
        ("POST /api/tickets/{id:guid}/resolve",          Work),
        ("POST /api/tickets/{id:guid}/reopen",           Work),
        ("POST /api/tickets/{id:guid}/close",            Work),
        ("POST /api/tickets/{id:guid}/satisfaction",     Work),
        ("GET /api/tickets/sla-policies",                "200 200 403 200 403 200 200 403 200 403 403 200"),
        ("PUT /api/tickets/sla-policies",                "200 200 403 403 403 403 403 403 403 403 403 403"),
    ];

    public static TheoryData<string, string, string, HttpStatusCode> Table
    {
        get
        {
            var table = new TheoryData<string, string, string, HttpStatusCode>();
            foreach (var (route, expected) in Routes)
                foreach (var ((role, whose), status) in Callers.Zip(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                    table.Add(route, role, whose, (HttpStatusCode)int.Parse(status, CultureInfo.InvariantCulture));
            return table;
        }
    }

    [Fact]
    public void Every_route_has_rows_in_the_access_table()
        => ApiRoutes.AssertCovered(service.Factory.Services, Table);

    [Theory, MemberData(nameof(Table))]
    public async Task Each_role_gets_what_the_matrix_says(string route, string role, string whose, HttpStatusCode expected)
    {
        var customerId = await (customer ??= service.AKnownCustomerAsync("north", Owner));
        var (ticket, _, _) = await service.OpenAsync(customerId);
        var exec = service.ClientAs("group-executive");
        var verb = route.Split('/')[^1];
        if (verb == "resume") await exec.PostAsync($"/api/tickets/{ticket}/wait", null);
        if (verb is "reopen" or "close" or "satisfaction") await exec.PostAsJsonAsync($"/api/tickets/{ticket}/resolve", new { resolution = "Done" });

        var (branch, staffId) = whose switch
        {
            "any" => ((string?)null, Guid.CreateVersion7()),
            "own-branch" => ("north", Guid.CreateVersion7()),
            "owned" => ("north", Owner),
            _ => ("east", Guid.CreateVersion7()),
        };
        var client = service.ClientAs(role, branch, staffId);
        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var path = template.Replace("{id:guid}", ticket.ToString(), StringComparison.Ordinal);

        var response = await Send(client, method, path, customerId);

        Assert.Equal(expected, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, Guid customerId) => (method, path.Split('/')[^1]) switch
    {
        ("POST", "tickets") => client.PostAsJsonAsync(path, new { customerId, category = "enquiry", subject = "Opening hours" }),
        ("GET", "sla-policies") => client.GetAsync($"{path}?branch=north"),
        ("PUT", "sla-policies") => client.PutAsJsonAsync($"{path}?branch=north", new { policies = Crm.Tickets.Domain.SlaPolicies.Default.Policies }),
        ("POST", "assign") => client.PostAsJsonAsync(path, new { assigneeId = Guid.CreateVersion7() }),
        ("POST", "respond" or "comment") => client.PostAsJsonAsync(path, new { message = "We are looking into it" }),
        ("POST", "resolve") => client.PostAsJsonAsync(path, new { resolution = "Sent the opening hours" }),
        ("POST", "satisfaction") => client.PostAsJsonAsync(path, new { score = 5 }),
        ("POST", _) => client.PostAsync(path, null),
        _ => client.GetAsync(path),
    };
}
