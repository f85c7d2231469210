using System.Net;
using Crm.ServiceDefaults.Security;
using Crm.Testing;

namespace Crm.Identity.Tests;

/// <summary>
/// The role matrix of DOMAIN.md for every identity route, for a caller in the target's branch
/// ("own") and in another ("other"); group roles have no branch ("any"). A route added without
/// rows fails <see cref="Every_route_has_rows_in_the_access_table"/>.
/// </summary>
public class AccessMatrixTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    private static readonly string[] StaffCommands = ["role", "freeze", "unfreeze", "password", "leave"];

    public static TheoryData<string, string, string, HttpStatusCode> Table()
    {
        var table = new TheoryData<string, string, string, HttpStatusCode>();
        void Rows(string route, params (string Role, string Whose, HttpStatusCode Expected)[] rows)
        {
            foreach (var (role, whose, expected) in rows) table.Add(route, role, whose, expected);
        }

        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, forbidden = HttpStatusCode.Forbidden, missing = HttpStatusCode.NotFound;
        var everyoneReads = new[] { (Roles.SystemAdmin, "any", ok), (Roles.GroupExecutive, "any", ok), (Roles.BranchHead, "own", ok), (Roles.BranchAdmin, "own", ok), (Roles.SalesRep, "own", ok), (Roles.ServiceAgent, "own", ok), (Roles.Integration, "any", ok) };
        Rows("GET /api/branches", everyoneReads);
        Rows("GET /api/branches/{code}", everyoneReads);
        Rows("GET /api/me", everyoneReads.Where(r => r.Item1 != Roles.Integration).ToArray());
        Rows("POST /api/branches", (Roles.SystemAdmin, "any", created), (Roles.GroupExecutive, "any", forbidden), (Roles.BranchHead, "own", forbidden),
            (Roles.BranchAdmin, "own", forbidden), (Roles.SalesRep, "own", forbidden), (Roles.Integration, "any", forbidden));
        foreach (var route in new[] { "GET /api/clients", "POST /api/clients" })
            Rows(route, (Roles.SystemAdmin, "any", route.StartsWith("POST", StringComparison.Ordinal) ? created : ok), (Roles.GroupExecutive, "any", forbidden),
                (Roles.BranchAdmin, "own", forbidden), (Roles.SalesRep, "own", forbidden), (Roles.Integration, "any", forbidden));
        Rows("GET /api/staff/revocations", (Roles.SystemAdmin, "any", ok), (Roles.GroupExecutive, "any", forbidden), (Roles.BranchAdmin, "own", forbidden),
            (Roles.SalesRep, "own", forbidden), (Roles.Integration, "any", forbidden));
        Rows("GET /api/staff", (Roles.SystemAdmin, "any", ok), (Roles.GroupExecutive, "any", ok), (Roles.BranchHead, "own", ok), (Roles.BranchAdmin, "own", ok),
            (Roles.SalesRep, "own", forbidden), (Roles.ServiceAgent, "own", forbidden), (Roles.Integration, "any", forbidden));
        foreach (var route in new[] { "GET /api/staff/{id:guid}", "GET /api/staff/{id:guid}/history" })
            Rows(route, (Roles.SystemAdmin, "any", ok), (Roles.GroupExecutive, "any", ok), (Roles.BranchHead, "own", ok), (Roles.BranchHead, "other", missing),
                (Roles.BranchAdmin, "own", ok), (Roles.BranchAdmin, "other", missing), (Roles.SalesRep, "own", forbidden), (Roles.ServiceAgent, "own", forbidden),
                (Roles.Integration, "any", forbidden));
        // The CRM's own services read one account to check whom work goes to; never the history.
        Rows("GET /api/staff/{id:guid}", (Roles.Service, "any", ok));
        Rows("GET /api/staff/{id:guid}/history", (Roles.Service, "any", forbidden));
        Rows("POST /api/staff", (Roles.SystemAdmin, "any", created), (Roles.BranchAdmin, "own", created), (Roles.BranchAdmin, "other", forbidden),
            (Roles.GroupExecutive, "any", forbidden), (Roles.BranchHead, "own", forbidden), (Roles.SalesRep, "own", forbidden), (Roles.Integration, "any", forbidden));
        foreach (var command in StaffCommands)
            Rows($"POST /api/staff/{{id:guid}}/{command}", (Roles.SystemAdmin, "any", ok), (Roles.BranchAdmin, "own", ok), (Roles.BranchAdmin, "other", missing),
                (Roles.GroupExecutive, "any", forbidden), (Roles.BranchHead, "own", forbidden), (Roles.SalesRep, "own", forbidden), (Roles.Integration, "any", forbidden));
        Rows("POST /api/me/password", (Roles.SalesRep, "own", ok), (Roles.BranchHead, "own", ok),
            (Roles.Integration, "any", forbidden));
        return table;
    }

    [Fact]
    public void Every_route_has_rows_in_the_access_table()
        => ApiRoutes.AssertCovered(app.Services, Table());

    [Theory, MemberData(nameof(Table))]
    public async Task Each_role_gets_what_the_matrix_says(string route, string role, string whose, HttpStatusCode expected)
    {
        var north = await _given.ABranchAsync();
        var east = await _given.ABranchAsync();
        var target = await _given.AStaffAsync(Roles.SalesRep, north);
        var colleague = await _given.AStaffAsync(Roles.SalesRep, north);
        var callerBranch = whose switch { "any" => null, "own" => north, _ => east };
        // Callers who act on themselves (/api/me) are real accounts; the others need only a token.
        var caller = route.Contains("/api/me", StringComparison.Ordinal) && role != Roles.Integration
            ? await _given.AStaffAsync(role, callerBranch)
            : null;
        var client = app.ClientAs(role, callerBranch, caller?.Id);
        if (route.EndsWith("/unfreeze", StringComparison.Ordinal)) await _given.Admin.PostJsonAsync($"/api/staff/{target.Id}/freeze", new { reason = "matrix" });

        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var path = template.Replace("{id:guid}", target.Id.ToString(), StringComparison.Ordinal).Replace("{code}", north, StringComparison.Ordinal);
        object body = template switch
        {
            "/api/branches" => new { code = HttpExtensions.ACode(), name = "Matrix Branch" },
            "/api/clients" => new { clientId = HttpExtensions.ACode("c"), scopes = Array.Empty<string>() },
            "/api/staff" => new { username = HttpExtensions.ACode("u"), name = "Matrix Staff", role = Roles.SalesRep, branch = north, password = StaffBuilder.Password },
            "/api/me/password" => new { currentPassword = StaffBuilder.Password, newPassword = "matrix-Passw0rd-2" },
            _ when template.EndsWith("/role", StringComparison.Ordinal) => new { role = Roles.ServiceAgent, branch = north },
            _ when template.EndsWith("/freeze", StringComparison.Ordinal) => new { reason = "matrix" },
            _ when template.EndsWith("/password", StringComparison.Ordinal) => new { password = "matrix-Passw0rd-3" },
            _ when template.EndsWith("/leave", StringComparison.Ordinal) => new { reassignTo = colleague.Id },
            _ => new { },
        };

        var response = method == "POST" ? await client.PostJsonAsync(path, body) : await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }
}
