using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Customers.Tests.Api;

public class ImportExportTests(CustomersService service) : IClassFixture<CustomersService>
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task An_import_registers_valid_rows_once_and_reports_bad_ones_by_row_and_column()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = $"name,category,grade,phones\n\"{tag} Hengda, Ltd\",regional-electrical-store,vip,+86 10 5555 0100;010 5555 0101\n" +
                   $"{tag} Yuan,bakery,gold,\n,other,,\n{tag} Ming,other,,\n";
        var head = service.ClientAs("branch-head", "north");

        var first = await head.PostAsync("/api/customers/import", Csv(file));
        var again = await head.PostAsync("/api/customers/import", Csv(file));
        var listed = await head.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");

        var report = await first.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "category"), (3, "grade"), (4, "name")], errors.OrderBy(e => e.Item1).ThenBy(e => e.Item2));
        var repeat = await again.JsonAsync();
        Assert.Equal((0, 2), (repeat.GetProperty("imported").GetInt32(), repeat.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("name").GetString() == $"{tag} Hengda, Ltd" && c.GetProperty("phones").GetArrayLength() == 2);
    }

    [Fact]
    public async Task Rows_like_customers_of_the_branch_or_earlier_rows_are_reported_as_duplicates_and_not_imported()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var digits = string.Concat(tag.Select(c => (c % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var exec = service.ClientAs("group-executive");
        var (known, _) = await exec.RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} Hengda Electrical Co., Ltd.")
            .With("taxId", $"TX-{tag}").With("phones", new[] { $"+86 {digits[..4]} {digits[4..]}" }));
        var (elsewhere, _) = await exec.RegisterAsync(CustomerRequests.ACustomer("east", $"{tag} Yuan Trading"));
        var file = "name,category,taxId,phones,emails\n" +
                   $"{tag} hengda electrical co ltd,other,,,\n" +           // row 2: the known customer's name, spelt otherwise
                   $"{tag} Other Name,other,tx{tag},,\n" +                  // row 3: its tax id
                   $"{tag} Yuan Trading,other,,,\n" +                       // row 4: like a customer of another branch only: imported
                   $"{tag} Ming,other,,,ming@{tag}.example\n" +             // row 5: new
                   $"{tag} Ming Shop,other,,,MING@{tag}.EXAMPLE\n" +         // row 6: the email of row 5
                   $"{tag} Third Name,other,,(86) {digits},\n";            // row 7: the known customer's phone
        var head = service.ClientAs("branch-head", "north");

        var first = await head.PostAsync("/api/customers/import", Csv(file));
        var again = await head.PostAsync("/api/customers/import", Csv(file));
        var listed = await head.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = await first.JsonAsync();
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        var duplicates = report.GetProperty("duplicates").EnumerateArray().ToDictionary(d => d.GetProperty("row").GetInt32(), d => d.GetProperty("candidates").EnumerateArray().ToList());
        Assert.Equal([2, 3, 6, 7], duplicates.Keys.Order());
        Assert.Equal((known, "phone"), (duplicates[7].Single().GetProperty("id").GetGuid(), duplicates[7].Single().GetProperty("matched").EnumerateArray().Single().GetString()));
        Assert.Equal((known, "name"), (duplicates[2].Single().GetProperty("id").GetGuid(), duplicates[2].Single().GetProperty("matched").EnumerateArray().Single().GetString()));
        Assert.Equal((known, "taxId"), (duplicates[3].Single().GetProperty("id").GetGuid(), duplicates[3].Single().GetProperty("matched").EnumerateArray().Single().GetString()));
        var earlierRow = duplicates[6].Single();
        Assert.Equal((5, "email"), (earlierRow.GetProperty("row").GetInt32(), earlierRow.GetProperty("matched").EnumerateArray().Single().GetString()));
        var ids = report.GetProperty("ids").EnumerateArray().Select(i => i.GetGuid()).ToList();
        Assert.Contains(earlierRow.GetProperty("id").GetGuid(), ids);
        Assert.DoesNotContain(elsewhere, ids);

        var repeat = await again.JsonAsync();
        Assert.Equal((0, 2), (repeat.GetProperty("imported").GetInt32(), repeat.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal([2, 3, 6, 7], repeat.GetProperty("duplicates").EnumerateArray().Select(d => d.GetProperty("row").GetInt32()).Order());
        Assert.Equal([$"{tag} Hengda Electrical Co., Ltd.", $"{tag} Ming", $"{tag} Yuan Trading"],
            listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_allowDuplicate_the_look_alike_rows_are_imported_and_still_only_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await service.ClientAs("group-executive").RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} Hengda"));
        var file = $"name,category\n{tag} Hengda,other\n{tag} HENGDA,other\n{tag} Hengda,other\n";
        var head = service.ClientAs("branch-head", "north");

        var first = await (await head.PostAsync("/api/customers/import?allowDuplicate=true", Csv(file))).JsonAsync();
        var again = await (await head.PostAsync("/api/customers/import?allowDuplicate=true", Csv(file))).JsonAsync();
        var listed = await head.GetFromJsonAsync<JsonElement>($"/api/customers?search={tag}");

        Assert.Equal((2, 0), (first.GetProperty("imported").GetInt32(), first.GetProperty("alreadyImported").GetInt32()));
        Assert.Empty(first.GetProperty("duplicates").EnumerateArray());
        Assert.Equal((0, 2), (again.GetProperty("imported").GetInt32(), again.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal(3, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_file_without_the_required_columns_gets_400()
    {
        var response = await service.ClientAs("branch-head", "north").PostAsync("/api/customers/import", Csv("title,colour\nx,y\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_export_is_csv_of_the_filtered_list_and_is_recorded_and_published()
    {
        await using var subscriber = await EventSubscriber.BindAsync(service.RabbitMq, "customers.customers-exported");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var head = Guid.CreateVersion7();
        await service.ClientAs("group-executive").RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} =cmd"));
        await service.ClientAs("group-executive").RegisterAsync(CustomerRequests.ACustomer("north", $"{tag} Two, Ltd"));

        var response = await service.ClientAs("branch-head", "north", head).GetAsync($"/api/customers/export?search={tag}");
        var byRep = await service.ClientAs("sales-rep", "north").GetAsync($"/api/customers/export?search={tag}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"\"{tag} Two, Ltd\"", lines[2], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        var exported = await Eventually.Get(() => Task.FromResult(subscriber.Received.FirstOrDefault(e => e.Body.GetProperty("exportedBy").GetString() == head.ToString())),
            e => e is not null, what: "customers-exported");
        Assert.Equal(2, exported!.Body.GetProperty("rowCount").GetInt32());
        Assert.Equal(tag, exported.Body.GetProperty("filter").GetProperty("search").GetString());
        Assert.Equal("north", exported.Header("crm-branch"));
    }
}
