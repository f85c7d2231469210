using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

public class InactiveStaffTests(ReportingService service) : IClassFixture<ReportingService>
{
    [Fact]
    public async Task Staff_who_have_not_signed_in_for_two_weeks_are_listed_leavers_and_newcomers_are_not()
    {
        var branch = SourceEvents.ABranch();
        var now = DateTimeOffset.UtcNow;
        var (away, active, newcomer, never, leaver) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await service.StaffJoined(away, "Away Rep", "sales-rep", branch, now.AddDays(-60));
        await service.StaffSignedIn(away, branch, now.AddDays(-20));
        await service.StaffSignedIn(away, branch, now.AddDays(-30));    // an older sign-in arriving late changes nothing
        await service.StaffJoined(active, "Active Rep", "sales-rep", branch, now.AddDays(-60));
        await service.StaffSignedIn(active, branch, now.AddDays(-3));
        await service.StaffJoined(newcomer, "New Rep", "sales-rep", branch, now.AddDays(-5));
        await service.StaffJoined(never, "Never Head", "branch-head", branch, now.AddDays(-60));
        await service.StaffJoined(leaver, "Gone Rep", "sales-rep", branch, now.AddDays(-60));
        await service.Publish("identity.staff-left", leaver, branch, new { staffId = leaver, branch, reassignTo = (Guid?)null, leftAt = now.AddDays(-30) });

        var admin = service.ClientAs("branch-admin", branch);
        string Names(JsonElement r) => string.Join(" ; ", r.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()} {i.GetProperty("daysWithoutSignIn").GetInt32()}"));
        var report = await Eventually.Get(() => admin.GetFromJsonAsync<JsonElement>("/api/reports/inactive-staff"),
            r => Names(r) == "Never Head 60 ; Away Rep 20", what: "the two inactive staff of the dataset");
        Assert.Equal(14, report.GetProperty("days").GetInt32());

        Assert.Equal("Never Head 60 ; Away Rep 20 ; New Rep 5", Names(await admin.GetFromJsonAsync<JsonElement>("/api/reports/inactive-staff?days=4")));
        Assert.Empty((await service.ClientAs("group-executive").GetFromJsonAsync<JsonElement>($"/api/reports/inactive-staff?branch={SourceEvents.ABranch()}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_inactive_staff_list_comes_as_csv_when_asked()
    {
        var branch = SourceEvents.ABranch();
        var id = Guid.CreateVersion7();
        await service.StaffJoined(id, "Csv, Rep", "sales-rep", branch, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));
        var head = service.ClientAs("branch-head", branch);
        await Eventually.Get(() => head.GetFromJsonAsync<JsonElement>("/api/reports/inactive-staff"), r => r.GetProperty("items").GetArrayLength() == 1, what: "the rep listed");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/inactive-staff");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await head.SendAsync(request);

        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("staffId,username,name,role,branch,joinedAt,lastSignInAt,daysWithoutSignIn", lines[0]);
        Assert.StartsWith($"{id},\"csv,.rep\",\"Csv, Rep\",sales-rep,{branch},2026-01-05T00:00:00.0000000+00:00,,", lines[1]);
    }
}
