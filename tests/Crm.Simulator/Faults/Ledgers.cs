using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Crm.Simulator.Faults;

/// <summary>What one side holds for the suite's branch: customers, orders, and the amounts signed and collected.</summary>
public sealed record Totals(int Customers, int Orders, decimal SignedSum, decimal CollectedSum)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Customers} customers, {Orders} orders, signed {SignedSum:F2}, collected {CollectedSum:F2}");
}

/// <summary>
/// The suite's branch as the owning services store it (customers lists its customers, sales its orders
/// with their payments) and as reporting, their consumer, counts it; both through the public API.
/// </summary>
public sealed class Ledgers(Api api, SuiteSession session)
{
    /// <summary>The owners' records: every customer id (for the check of sales' replica) and the totals.</summary>
    public async Task<(IReadOnlyList<Guid> CustomerIds, Totals Totals)> OwnersAsync()
    {
        var customers = new List<Guid>();
        foreach (var item in await AllAsync($"/api/customers?branch={session.Branch}&limit=500"))
            customers.Add(Guid.Parse(item!["id"]!.GetValue<string>()));
        int orders = 0;
        decimal signed = 0, collected = 0;
        foreach (var order in await AllAsync($"/api/orders?branch={session.Branch}&limit=500"))
        {
            if (order?["status"]?.GetValue<string>() is "cancelled" or "Cancelled") continue;
            orders++;
            signed += Amount(order, "signedAmount");
            collected += Amount(order, "collectedAmount");
        }
        return (customers, new Totals(customers.Count, orders, signed, collected));
    }

    /// <summary>
    /// What reporting counts for the branch (customer-mix: active customers; collections by branch: orders
    /// signed and not cancelled, signed and collected amounts), or null while it cannot answer (a fault).
    /// </summary>
    public async Task<Totals?> ReportingAsync()
    {
        var mix = await TryGetAsync($"/api/reports/customer-mix?branch={session.Branch}");
        var collections = await TryGetAsync($"/api/reports/collections?groupBy=branch&branch={session.Branch}");
        if (mix is null || collections?["total"] is not JsonObject total) return null;
        var customers = mix["items"]?.AsArray().Sum(i => i?["customers"]?.GetValue<int>() ?? 0) ?? 0;
        return new Totals(customers, total["orders"]?.GetValue<int>() ?? 0, total["signed"]?.GetValue<decimal>() ?? 0, total["collected"]?.GetValue<decimal>() ?? 0);
    }

    private async Task<JsonNode?> TryGetAsync(string path)
    {
        try
        {
            var reply = await api.SendOnceAsync(HttpMethod.Get, session.Exec, path, null);
            return reply.Status == HttpStatusCode.OK ? reply.Body : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    /// <summary>Every item of a paged list, page after page (nextCursor).</summary>
    private async Task<List<JsonNode?>> AllAsync(string first)
    {
        var items = new List<JsonNode?>();
        string? cursor = null;
        do
        {
            var path = cursor is null ? first : $"{first}&cursor={Uri.EscapeDataString(cursor)}";
            var reply = await api.SendOnceAsync(HttpMethod.Get, session.Exec, path, null);
            if (reply.Status != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)reply.Status}");
            items.AddRange(reply.Body!["items"]!.AsArray());
            cursor = reply.Body["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    private static decimal Amount(JsonNode? order, string field) => order?[field]?["amount"]?.GetValue<decimal>() ?? 0;
}
