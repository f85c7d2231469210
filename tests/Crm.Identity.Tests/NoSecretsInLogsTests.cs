using System.Net;
using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Tests;

public class NoSecretsInLogsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly StaffBuilder _given = new(app);

    [Fact]
    public async Task No_log_line_holds_a_password_or_a_password_hash()
    {
        var branch = await _given.ABranchAsync();
        var member = await _given.AStaffAsync(Roles.SalesRep, branch, password: "first-Secret-4711");
        var wrong = await app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = member.Username, ["password"] = "guessed-Secret-0815",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var signedIn = await app.SignedInAsync(member.Username, "first-Secret-4711");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.PostJsonAsync("/api/me/password", new { currentPassword = "first-Secret-4711", newPassword = "second-Secret-4712" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _given.Admin.PostJsonAsync($"/api/staff/{member.Id}/password", new { password = "third-Secret-4713" })).StatusCode);

        var logs = app.Logs.Text;

        Assert.NotEmpty(logs);
        foreach (var secret in new[] { "first-Secret-4711", "guessed-Secret-0815", "second-Secret-4712", "third-Secret-4713", IdentityApp.AdminPassword })
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", logs, StringComparison.Ordinal); // the prefix of every stored password hash
    }
}
