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
