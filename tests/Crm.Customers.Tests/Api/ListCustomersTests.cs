using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

public class ListCustomersTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static IEnumerable<string?> Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString());

    [Fact]
    public async Task Reps_see_their_own_customers_branch_roles_their_branch_and_head_office_all_or_one_branch()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rep = Guid.CreateVersion7();
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} mine", rep));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} colleague's"));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("east", $"{tag} east"));

        var ofRep = await service.ClientAs("sales-rep", "north", rep).GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");
        var ofHead = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");
        var ofExec = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag.ToUpperInvariant()}");
        var ofExecEast = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&branch=east");

        Assert.Equal([$"{tag} mine"], Names(ofRep));
        Assert.Equal([$"{tag} colleague's", $"{tag} mine"], Names(ofHead));
        Assert.Equal(3, ofExec.GetProperty("items").GetArrayLength());
        Assert.Equal([$"{tag} east"], Names(ofExecEast));
    }

    [Fact]
    public async Task Filters_sorting_and_paging_with_a_cursor()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var owner = Guid.CreateVersion7();
        foreach (var n in new[] { "c", "a", "b" })
            await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} {n}", owner).With("grade", n == "b" ? "vip" : "normal"));
        var (archived, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} z", owner));
        await Exec.PostAsync($"/api/customers/{archived}/archive", null);

        var first = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=active&limit=2&ownerId={owner}");
        var second = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=active&limit=2&ownerId={owner}&cursor={first.GetProperty("nextCursor").GetString()}");
        var vip = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&grade=vip");
        var descending = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&sort=-name&category=regional-electrical-store");
        var archivedOnly = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&status=archived");

        Assert.Equal([$"{tag} a", $"{tag} b"], Names(first));
        Assert.Equal([$"{tag} c"], Names(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal([$"{tag} b"], Names(vip));
        Assert.Equal([$"{tag} z", $"{tag} c", $"{tag} b", $"{tag} a"], Names(descending));
        Assert.Equal([$"{tag} z"], Names(archivedOnly));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("registeredAt")]
    [InlineData("-registeredAt")]
    public async Task Walking_every_page_while_customers_are_registered_skips_nothing_and_repeats_nothing(string sort)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var filter = $"search={tag}&grade=key&category=regional-electrical-store&sort={sort}&limit=2";
        var existing = new HashSet<Guid>();
        foreach (var (letter, i) in "hdlbjf".Select((l, i) => (l, i)))
            existing.Add((await Exec.RegisterAsync(CustomerRequests.ACustomer(i % 2 == 0 ? "north" : "east", $"{tag} {letter}").With("grade", "key"))).Id);
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} e").With("grade", "normal"));

        var seen = new List<JsonElement>();
        var (ahead, behind) = (new HashSet<Guid>(), new HashSet<Guid>());
        string? cursor = null;
        for (var page = 0; page == 0 || cursor is not null; page++)
        {
            var response = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?{filter}{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(response.GetProperty("items").EnumerateArray());
            cursor = response.GetProperty("nextCursor").GetString();
            if (cursor is null || page >= 3) continue;

            // Between the first pages, others register customers on both sides of the cursor, and one the filter leaves out.
            var last = seen[^1];
            foreach (var name in new[] { $"{tag} a{page}", $"{tag} m{page}" })
            {
                var (id, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer(page % 2 == 0 ? "east" : "north", name).With("grade", "key"));
                var added = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers/{id}");
                (Compare(sort, added, last) > 0 ? ahead : behind).Add(id);
            }
            await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} c{page}").With("grade", "vip"));
        }

        var ids = seen.Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), existing);
        Assert.Subset(ids.ToHashSet(), ahead);
        Assert.Empty(ids.Intersect(behind));
        Assert.All(seen, i => Assert.Equal("key", i.GetProperty("grade").GetString()));
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(Compare(sort, pair.Second, pair.First) > 0,
            $"{pair.Second.GetProperty("name")} came after {pair.First.GetProperty("name")} in sort {sort}"));
        Assert.NotEmpty(ahead.Concat(behind));
        Assert.Equal(existing.Count + ahead.Count, ids.Count);
    }

    /// <summary>The list's order: the sort's key (names compared as the list compares them here: one prefix, then lower-case letters and digits), then the id.</summary>
    private static int Compare(string sort, JsonElement x, JsonElement y)
    {
        var key = sort.TrimStart('-') == "name"
            ? string.CompareOrdinal(x.GetProperty("name").GetString(), y.GetProperty("name").GetString())
            : x.GetProperty("registeredAt").GetDateTimeOffset().CompareTo(y.GetProperty("registeredAt").GetDateTimeOffset());
        if (sort.StartsWith('-')) key = -key;
        return key != 0 ? key : string.CompareOrdinal(x.GetProperty("id").GetGuid().ToString(), y.GetProperty("id").GetGuid().ToString());
    }

    [Fact]
    public async Task A_cursor_is_refused_for_another_sort_or_when_it_is_not_one_the_list_gave_out()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 2; i++) await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} {i}"));
        var first = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}&limit=1&sort=name");
        var cursor = first.GetProperty("nextCursor").GetString();
        var forged = System.Buffers.Text.Base64Url.EncodeToString("k1\u001fregisteredAt\u001f0195f0c0a0b04c5d8e9f000000000000\u001fyesterday"u8);
        var offset = System.Buffers.Text.Base64Url.EncodeToString("o:1"u8);

        var otherSort = await Exec.GetAsync($"/api/customers?search={tag}&limit=1&sort=-name&cursor={cursor}");
        var badTime = await Exec.GetAsync($"/api/customers?search={tag}&sort=registeredAt&cursor={forged}");
        var oldKind = await Exec.GetAsync($"/api/customers?search={tag}&cursor={offset}");
        var same = await Exec.GetAsync($"/api/customers?search={tag}&limit=1&sort=name&cursor={cursor}");

        foreach (var refused in new[] { otherSort, badTime, oldKind })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonAsync()).HasError("cursor"));
        }
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal([$"{tag} 1"], Names(await same.JsonAsync()));
    }

    [Theory]
    [InlineData("sort=size")]
    [InlineData("grade=gold")]
    [InlineData("status=lost")]
    [InlineData("limit=501")]
    [InlineData("cursor=%%%")]
    [InlineData("ownerId=bob")]
    public async Task Bad_list_parameters_get_400(string query)
    {
        var response = await Exec.GetAsync($"/api/customers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
