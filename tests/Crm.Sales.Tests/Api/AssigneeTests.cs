using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceDefaults.Replicas;
using Crm.Testing;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// Work is handed only to active staff of the record's branch who hold sales work (reps, the branch
/// head), as the staff replica (from identity's events) or identity itself says.
/// </summary>
public class AssigneeTests(SalesService service) : IClassFixture<SalesService>
{
    private HttpClient Head => service.ClientAs("branch-head", "north");

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The people nobody may hand north's sales work to, and why.</summary>
    private async Task<(string Why, Guid Who)[]> Unfit() =>
    [
        ("unknown", Guid.CreateVersion7()),
        ("in another branch", await service.AStaffMemberAsync(branch: "east")),
        ("a service agent", await service.AStaffMemberAsync("service-agent")),
        ("a branch admin", await service.AStaffMemberAsync("branch-admin")),
        ("frozen", await service.AStaffMemberAsync(status: StaffReplicaStatus.Frozen)),
        ("gone", await service.AStaffMemberAsync(status: StaffReplicaStatus.Left)),
        ("only identity knows them in another branch", StandInIdentity.Knows("sales-rep", "east")),
        ("only identity knows them, frozen", StandInIdentity.Knows("sales-rep", "north", "frozen")),
    ];

    private async Task<(string Path, string Field)> ARecordToAssign(string kind)
    {
        var owner = await service.AStaffMemberAsync();
        var customer = await service.AKnownCustomerAsync("north", owner);
        return kind switch
        {
            "lead" => ($"/api/leads/{(await service.CreateAsync(Head, "/api/leads", new { company = "Assign Trading", ownerId = owner })).Id}/assign", "assigneeId"),
            "opportunity" => ($"/api/opportunities/{(await service.CreateAsync(Head, "/api/opportunities", new
            {
                customerId = customer, name = "Assign deal", amount = new { amount = 10m, currency = "CNY" }, expectedCloseDate = "2027-03-31", ownerId = owner,
            })).Id}/owner", "ownerId"),
            _ => ($"/api/activities/{(await service.CreateAsync(Head, "/api/activities",
                new { kind = "call", regarding = new { type = "customer", id = customer }, assigneeId = owner })).Id}/assign", "assigneeId"),
        };
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("opportunity")]
    [InlineData("activity")]
    public async Task Assigning_to_someone_who_cannot_take_the_work_is_a_bad_field_and_changes_nothing(string kind)
    {
        var (path, field) = await ARecordToAssign(kind);
        var unfit = await Unfit();
        var before = await service.StoredEventCountAsync();

        foreach (var (why, who) in unfit)
        {
            var response = await Head.PostAsJsonAsync(path, new Dictionary<string, Guid> { [field] = who });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
            Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), why);
        }

        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("opportunity")]
    [InlineData("activity")]
    public async Task Assigning_to_an_active_rep_or_the_head_of_the_branch_works_even_one_only_identity_knows_yet(string kind)
    {
        var (path, field) = await ARecordToAssign(kind);

        foreach (var who in new[] { await service.AStaffMemberAsync(), await service.AStaffMemberAsync("branch-head"), StandInIdentity.Knows("sales-rep", "north") })
        {
            var response = await Head.PostAsJsonAsync(path, new Dictionary<string, Guid> { [field] = who });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(who, (await Json(response)).GetProperty(kind == "activity" ? "assigneeId" : "ownerId").GetGuid());
        }
    }

    [Fact]
    public async Task Owners_named_when_creating_records_are_checked_too()
    {
        var gone = await service.AStaffMemberAsync(status: StaffReplicaStatus.Left);
        var agent = await service.AStaffMemberAsync("service-agent");
        var eastRep = await service.AStaffMemberAsync(branch: "east");
        var customer = await service.AKnownCustomerAsync("north", await service.AStaffMemberAsync());
        var product = (await service.CreateAsync(service.ClientAs("group-executive"), "/api/products", ProductTests.AProduct())).Id;
        var (lead, _, _) = await service.CreateAsync(Head, "/api/leads", new { company = "Convert Trading" });
        var before = await service.StoredEventCountAsync();

        var responses = new (HttpResponseMessage Response, string Field)[]
        {
            (await Head.PostAsJsonAsync("/api/leads", new { company = "Owned Trading", ownerId = gone }), "ownerId"),
            (await Head.PostAsJsonAsync("/api/opportunities", new
            {
                customerId = customer, name = "Deal", amount = new { amount = 10m, currency = "CNY" }, expectedCloseDate = "2027-03-31", ownerId = eastRep,
            }), "ownerId"),
            (await Head.PostAsJsonAsync("/api/activities", new { kind = "call", regarding = new { type = "customer", id = customer }, assigneeId = agent }), "assigneeId"),
            (await Head.PostAsJsonAsync("/api/orders", new { customerId = customer, ownerId = Guid.CreateVersion7(), lines = new[] { new { productId = product, quantity = 1m, unitPrice = 1m } } }), "ownerId"),
            (await Head.PostAsJsonAsync($"/api/leads/{lead}/convert", new
            {
                newCustomer = new { name = "Converted Ltd", category = "other" },
                opportunity = new { name = "First deal", amount = new { amount = 10m, currency = "CNY" }, expectedCloseDate = "2027-03-31", ownerId = gone },
            }), "opportunity.ownerId"),
        };

        foreach (var (response, field) in responses)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(before, await service.StoredEventCountAsync());
    }

    [Fact]
    public async Task The_staff_replica_follows_identitys_events_in_any_order_and_a_frozen_rep_gets_no_new_work()
    {
        var rep = Guid.CreateVersion7();
        var (path, field) = await ARecordToAssign("lead");
        var at = DateTimeOffset.UtcNow;

        // Stored by identity as joined (1), frozen (2), unfrozen (3), frozen (4); delivered newest first.
        await service.DeliverEventAsync("identity", "staff-frozen", new { staffId = rep, branch = "north", reason = "Notice given", frozenAt = at }, rep, "north", 4);
        await service.DeliverEventAsync("identity", "staff-unfrozen", new { staffId = rep, branch = "north", unfrozenAt = at }, rep, "north", 3);
        await service.DeliverEventAsync("identity", "staff-joined",
            new { staffId = rep, username = "zhao.lei", name = "Zhao Lei", role = "sales-rep", branch = "north", joinedAt = at }, rep, "north", 1);

        Assert.Equal(("sales-rep", "north", StaffReplicaStatus.Frozen), await service.StaffReplicaAsync(rep) is { } r ? (r.Role, r.Branch, r.Status) : default);
        Assert.Equal(HttpStatusCode.BadRequest, (await Head.PostAsJsonAsync(path, new Dictionary<string, Guid> { [field] = rep })).StatusCode);

        await service.DeliverEventAsync("identity", "staff-unfrozen", new { staffId = rep, branch = "north", unfrozenAt = at }, rep, "north", 5);
        Assert.Equal(HttpStatusCode.OK, (await Head.PostAsJsonAsync(path, new Dictionary<string, Guid> { [field] = rep })).StatusCode);
    }

    [Fact]
    public async Task A_leaver_is_remembered_as_gone_and_their_open_work_reassigned()
    {
        var leaver = await service.AStaffMemberAsync();
        var successor = await service.AStaffMemberAsync();
        var (lead, _, _) = await service.CreateAsync(Head, "/api/leads", new { company = "Leaver Trading", ownerId = leaver });

        await service.DeliverEventAsync("identity", "staff-left",
            new { staffId = leaver, branch = "north", reassignTo = successor, leftAt = DateTimeOffset.UtcNow }, leaver, "north", 9);

        Assert.Equal(StaffReplicaStatus.Left, (await service.StaffReplicaAsync(leaver))!.Status);
        Assert.Equal(successor, (await Head.GetFromJsonAsync<JsonElement>($"/api/leads/{lead}")).GetProperty("ownerId").GetGuid());
        var back = await Head.PostAsJsonAsync($"/api/leads/{lead}/assign", new { assigneeId = leaver });
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
    }
}
