using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.EndToEnd.Tests;

namespace Crm.Simulator.Tests;

/// <summary>
/// The whole CRM with the demo organisation `deploy/crm seed` opens before the simulator runs:
/// branches north, east and south, and a head, reps and an agent in each.
/// </summary>
public sealed class SystemWithStaff : IAsyncLifetime
{
    public static readonly string[] Branches = ["north", "east", "south"];

    public CrmSystem System { get; } = new();

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        using var admin = System.Client(await System.SignInAsync("admin", CrmSystem.AdminPassword));
        foreach (var branch in Branches)
        {
            foreach (var (username, role) in new[] { ($"{branch}-head", "branch-head"), ($"{branch}-rep1", "sales-rep"), ($"{branch}-rep2", "sales-rep"), ($"{branch}-agent", "service-agent") })
            {
                var response = await admin.PostAsJsonAsync("api/staff", new { username, name = username, role, branch, password = CrmSystem.DemoPassword });
                if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
                    throw new InvalidOperationException($"Adding {username} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    public Task DisposeAsync() => System.DisposeAsync();

    /// <summary>Every item of a list, following its cursor.</summary>
    public static async Task<List<JsonElement>> AllAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await client.GetFromJsonAsync<JsonElement>($"{path}{separator}limit=500{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SystemWithStaff>
{
    public const string Name = "The whole CRM with the demo staff";
}
