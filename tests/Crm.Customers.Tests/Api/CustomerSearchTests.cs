using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Customers.Domain;
using Crm.Customers.Features;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crm.Customers.Tests.Api;

/// <summary>
/// The list's search over the GIN index of name, tax id, phone, email and contact pieces. Each test
/// registers customers of an owner of its own and lists with <c>ownerId=</c>, so customers other
/// tests register (with the same common characters) never show up in its answers.
/// </summary>
public class CustomerSearchTests(CustomersService service) : IClassFixture<CustomersService>
{
    private HttpClient Exec => service.ClientAs("group-executive");

    private static IEnumerable<string?> Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString());

    private async Task<JsonElement> Search(Guid owner, string search, string more = "") =>
        await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?ownerId={owner}&search={Uri.EscapeDataString(search)}{more}");

    [Fact]
    public async Task One_or_two_chinese_characters_find_the_customers_whose_name_has_them_in_that_order()
    {
        var owner = Guid.CreateVersion7();
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "深圳美的电器有限公司", owner));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("east", "合肥美菱冰箱有限公司", owner));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "广州格力空调有限公司", owner));

        Assert.Equal(["合肥美菱冰箱有限公司", "深圳美的电器有限公司"], Names(await Search(owner, "美")));
        Assert.Equal(["深圳美的电器有限公司"], Names(await Search(owner, "美的")));
        Assert.Equal(["广州格力空调有限公司"], Names(await Search(owner, "格")));
        Assert.Empty(Names(await Search(owner, "的美")));
        Assert.Empty(Names(await Search(owner, "美力")));
        Assert.Equal(3, Names(await Search(owner, "公司")).Count());
        Assert.Equal(["深圳美的电器有限公司"], Names(await Search(owner, "美的电器有限公司")));
        Assert.Equal(["深圳美的电器有限公司"], Names(await Search(owner, "美的", "&branch=north")));
        Assert.Empty(Names(await Search(owner, "美的", "&branch=east")));
    }

    [Fact]
    public async Task A_latin_fragment_finds_names_whatever_the_case_width_and_spacing()
    {
        var owner = Guid.CreateVersion7();
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "Hengda Electrical Co., Ltd.", owner));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "Yuan Trading", owner));

        Assert.Equal(["Hengda Electrical Co., Ltd."], Names(await Search(owner, "ELECTRICAL")));
        Assert.Equal(["Hengda Electrical Co., Ltd."], Names(await Search(owner, "ngda elec")));
        Assert.Equal(["Hengda Electrical Co., Ltd."], Names(await Search(owner, "ＨＥＮＧＤＡ")));
        Assert.Equal(["Hengda Electrical Co., Ltd."], Names(await Search(owner, "co., ltd")));
        Assert.Equal(["Yuan Trading"], Names(await Search(owner, "y")));
        Assert.Equal(["Hengda Electrical Co., Ltd.", "Yuan Trading"], Names(await Search(owner, "a")));
        Assert.Empty(Names(await Search(owner, "trading co")));
    }

    [Fact]
    public async Task Phones_are_found_by_their_digits_however_the_search_writes_them()
    {
        var owner = Guid.CreateVersion7();
        var digits = Random.Shared.Next(10000000, 99999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "Phone Holder", owner).With("phones", new[] { $"+86 755 {digits[..4]} {digits[4..]}" }));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "Other Phone", owner).With("phones", new[] { "+86 10 1111 2222" }));

        Assert.Equal(["Phone Holder"], Names(await Search(owner, digits)));
        Assert.Equal(["Phone Holder"], Names(await Search(owner, $"{digits[..4]}-{digits[4..]}")));
        Assert.Equal(["Phone Holder"], Names(await Search(owner, $"(755) {digits[..4]}")));
        Assert.Equal(["Phone Holder"], Names(await Search(owner, $"86755{digits}")));
        Assert.Equal(["Other Phone"], Names(await Search(owner, "1111 2222")));
        Assert.Empty(Names(await Search(owner, "2222 1111")));
    }

    [Fact]
    public async Task Emails_tax_ids_and_contacts_names_phones_and_emails_are_searched_too()
    {
        var owner = Guid.CreateVersion7();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "By Email", owner).With("emails", new[] { $"Sales@Hengda-{tag}.example" }));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "By Tax Id", owner).With("taxId", $"91440300-{tag}"));
        var (withContact, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "By Contact", owner));
        var added = await Exec.PostAsJsonAsync($"/api/customers/{withContact}/contacts",
            new { name = "王小明", phone = "+86 20 8765 4321", email = $"wang.xm@{tag}.example" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        Assert.Equal(["By Email"], Names(await Search(owner, $"@HENGDA-{tag}")));
        Assert.Equal(["By Email"], Names(await Search(owner, "sales@")));
        Assert.Equal(["By Tax Id"], Names(await Search(owner, $"0300-{tag}")));
        Assert.Equal(["By Contact"], Names(await Search(owner, "小明")));
        Assert.Equal(["By Contact"], Names(await Search(owner, "王")));
        Assert.Equal(["By Contact"], Names(await Search(owner, "8765 4321")));
        Assert.Equal(["By Contact"], Names(await Search(owner, $"wang.xm@{tag}")));
        Assert.Equal(["By Contact", "By Email"], Names(await Search(owner, tag + ".example")));
    }

    [Fact]
    public async Task A_search_matching_nothing_answers_an_empty_page_and_wildcards_are_taken_literally()
    {
        var owner = Guid.CreateVersion7();
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "50%_off Outlet", owner));
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "Half Price Outlet", owner));

        var nothing = await Search(owner, $"无此客户{Guid.NewGuid():N}");
        var everyone = await Exec.GetFromJsonAsync<JsonElement>($"/api/customers?search={Guid.NewGuid():N}");

        Assert.Empty(Names(nothing));
        Assert.Equal(JsonValueKind.Null, nothing.GetProperty("nextCursor").ValueKind);
        Assert.Empty(Names(everyone));
        Assert.Equal(["50%_off Outlet"], Names(await Search(owner, "%")));
        Assert.Equal(["50%_off Outlet"], Names(await Search(owner, "_")));
        Assert.Equal(["50%_off Outlet"], Names(await Search(owner, "0%_o")));
        Assert.Empty(Names(await Search(owner, "5_%")));
        Assert.Equal(["50%_off Outlet", "Half Price Outlet"], Names(await Search(owner, "outlet")));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("registeredAt")]
    [InlineData("-registeredAt")]
    public async Task A_search_with_filters_pages_by_cursor_through_exactly_its_matches(string sort)
    {
        var owner = Guid.CreateVersion7();
        var expected = new List<string>();
        foreach (var (city, i) in new[] { "北京", "上海", "广州", "深圳", "杭州", "南京", "成都" }.Select((c, i) => (c, i)))
        {
            var name = $"{city}华为技术有限公司";
            var grade = i % 3 == 0 ? "normal" : "vip";
            await Exec.RegisterAsync(CustomerRequests.ACustomer(i % 2 == 0 ? "north" : "east", name, owner).With("grade", grade));
            if (grade == "vip") expected.Add(name);
        }
        await Exec.RegisterAsync(CustomerRequests.ACustomer("north", "西安中兴通讯有限公司", owner).With("grade", "vip"));

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Search(owner, "华为", $"&grade=vip&status=active&sort={sort}&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var names = seen.Select(i => i.GetProperty("name").GetString()!).ToList();
        var onePage = await Search(owner, "华为", $"&grade=vip&status=active&sort={sort}&limit=50");
        Assert.Equal(expected.Order(), names.Order());
        Assert.Equal(Names(onePage), names);
        Assert.All(seen, i => Assert.Equal("vip", i.GetProperty("grade").GetString()));
        if (sort.TrimStart('-') == "registeredAt")
        {
            var times = seen.Select(i => i.GetProperty("registeredAt").GetDateTimeOffset()).ToList();
            Assert.Equal(sort == "registeredAt" ? times.Order() : times.OrderDescending(), times);
        }
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_gets_400_and_200_is_served()
    {
        var tooLong = await Exec.GetAsync($"/api/customers?search={new string('美', 201)}");
        var longest = await Exec.GetAsync($"/api/customers?search={new string('美', 200)}");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.JsonAsync()).HasError("search"));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Empty(Names(await longest.JsonAsync()));
    }

    [Fact]
    public async Task Customers_stored_before_the_search_keys_existed_get_them_at_start_up_once()
    {
        var owner = Guid.CreateVersion7();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (old, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("east", $"旧档案{tag}", owner)
            .With("phones", new[] { "+86 21 6543 2100" }).With("emails", new[] { $"old@{tag}.example" }));
        var (recent, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("east", $"新档案{tag}", owner));
        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        var table = store.Options.FindOrResolveDocumentType(typeof(Customer)).TableName.QualifiedName;

        // As a customer written before these columns existed was stored.
        await Sql($"update {table} set search_grams = null, search_text = null, phone_keys = null, email_keys = null where id = '{old}'");
        var before = await Search(owner, tag);
        var backfill = new CustomerKeysBackfill(store, NullLogger<CustomerKeysBackfill>.Instance);
        await backfill.StartAsync(CancellationToken.None);
        await backfill.StartAsync(CancellationToken.None);

        Assert.Equal([$"新档案{tag}"], Names(before));
        Assert.Equal([$"新档案{tag}", $"旧档案{tag}"], Names(await Search(owner, tag)).Order(StringComparer.Ordinal));
        Assert.Equal([$"旧档案{tag}"], Names(await Search(owner, "旧档")));
        Assert.Equal([$"旧档案{tag}"], Names(await Search(owner, "6543-2100")));
        Assert.Equal(0L, await Sql($"select count(*) from {table} where search_grams is null"));
        var duplicate = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("east").With("emails", new[] { $"OLD@{tag}.example" }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(old, (await duplicate.JsonAsync()).GetProperty("candidates")[0].GetProperty("id").GetGuid());
        Assert.NotEqual(old, recent);

        async Task<object?> Sql(string sql)
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
    }

    [Fact]
    public async Task Registering_a_customer_with_a_known_email_or_phone_gets_409_naming_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var phone = $"+86 21 {Random.Shared.Next(1000000, 9999999)}";
        var (byEmail, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north").With("emails", new[] { $"buyer@{tag}.example" }));
        var (byPhone, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north").With("phones", new[] { phone }));

        var sameEmail = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north").With("emails", new[] { $" Buyer@{tag.ToUpperInvariant()}.EXAMPLE " }));
        var samePhone = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("north").With("phones", new[] { phone.Replace(" ", "", StringComparison.Ordinal) }));
        var otherBranch = await Exec.PostAsJsonAsync("/api/customers", CustomerRequests.ACustomer("east").With("emails", new[] { $"buyer@{tag}.example" }));
        var lookup = await service.ClientAs("branch-head", "north").GetFromJsonAsync<JsonElement>($"/api/customers/duplicates?email=BUYER@{tag}.example");

        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        var candidate = (await sameEmail.JsonAsync()).GetProperty("candidates").EnumerateArray().Single();
        Assert.Equal((byEmail, "email"), (candidate.GetProperty("id").GetGuid(), candidate.GetProperty("matched")[0].GetString()));
        Assert.Equal(HttpStatusCode.Conflict, samePhone.StatusCode);
        Assert.Equal(byPhone, (await samePhone.JsonAsync()).GetProperty("candidates").EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, otherBranch.StatusCode);
        Assert.Equal(byEmail, lookup.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Import_rows_with_the_email_or_phone_of_a_customer_of_the_branch_are_reported_and_not_imported()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var digits = Random.Shared.Next(10000000, 99999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (known, _) = await Exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} Known")
            .With("emails", new[] { $"info@{tag}.example" }).With("phones", new[] { $"+86 755 {digits}" }));
        var file = "name,category,phones,emails\n" +
                   $"{tag} Row Two,other,,INFO@{tag}.example\n" +
                   $"{tag} Row Three,other,(86) 755-{digits},\n" +
                   $"{tag} Row Four,other,+86 20 {digits},other@{tag}.example\n";

        var response = await service.ClientAs("branch-head", "north").PostAsync("/api/customers/import", new StringContent(file, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var duplicates = report.GetProperty("duplicates").EnumerateArray()
            .ToDictionary(d => d.GetProperty("row").GetInt32(), d => d.GetProperty("candidates").EnumerateArray().Single());
        Assert.Equal([2, 3], duplicates.Keys.Order());
        Assert.Equal((known, "email"), (duplicates[2].GetProperty("id").GetGuid(), duplicates[2].GetProperty("matched")[0].GetString()));
        Assert.Equal((known, "phone"), (duplicates[3].GetProperty("id").GetGuid(), duplicates[3].GetProperty("matched")[0].GetString()));
    }
}
