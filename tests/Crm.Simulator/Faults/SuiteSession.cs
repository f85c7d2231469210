using System.Diagnostics;
using System.Net;

namespace Crm.Simulator.Faults;

/// <summary>
/// Who the suite is and where it writes: exec for the writes and reads, an import client of its own for
/// the check of sales' replica, and a fresh branch of its own with one product to sell.
/// </summary>
public sealed class SuiteSession(Api api, FaultOptions options)
{
    private const string ProductCode = "FAULTS-01";

    private string clientId = "", clientSecret = "";

    public string Branch => options.Branch;
    public string Exec { get; private set; } = "";
    public string Admin { get; private set; } = "";
    public string Importer { get; private set; } = "";
    public Guid Product { get; private set; }

    public async Task OpenAsync()
    {
        await SignInAsync();
        await api.MustPostAsync(Admin, "/api/branches", new { code = Branch, name = "Fault suite branch" });
        // The import route trusts sales' replica alone, which is what the check of that replica needs.
        clientId = $"crm-{Branch}";
        var client = await api.MustPostAsync(Admin, "/api/clients", new { clientId, scopes = new[] { "crm.import" } });
        clientSecret = client.Body!["clientSecret"]!.GetValue<string>();
        await SignInAsync();
        Product = await ProductAsync();
        // Every service hears of the new branch a moment later and refuses it until then.
        var customer = await UntilCreatedAsync("registering the first customer of the branch",
            () => api.PostAsync(Exec, "/api/customers?allowDuplicate=true", new { name = $"Fault suite first customer {Branch}", branch = Branch, category = "other" }));
        await UntilCreatedAsync("signing the first order of the branch",
            () => api.PostAsync(Exec, "/api/orders", new { customerId = customer.Id, branch = Branch, lines = new[] { new { productId = Product, quantity = 1m, unitPrice = 100m } } }));
    }

    /// <summary>Tokens last a quarter of an hour: each phase starts with fresh ones.</summary>
    public async Task SignInAsync()
    {
        Admin = await api.TokenAsync(("grant_type", "password"), ("username", "admin"), ("password", options.AdminPassword))
            ?? throw new InvalidOperationException("cannot sign in as admin (check the admin password)");
        Exec = await api.TokenAsync(("grant_type", "password"), ("username", "exec"), ("password", options.DemoPassword))
            ?? throw new InvalidOperationException("cannot sign in as exec (check the demo password)");
        if (clientId.Length > 0)
            Importer = await api.TokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret))
                ?? throw new InvalidOperationException($"the suite's import client {clientId} cannot sign in");
    }

    private async Task<Guid> ProductAsync()
    {
        var added = await api.MustPostAsync(Exec, "/api/products",
            new { code = ProductCode, name = "Fault suite product", category = "faults", listPrice = new { amount = 100m, currency = "CNY" } }, conflictIsFine: true);
        if (!added.Conflict) return added.Id;
        var listed = await api.MustListAsync(Exec, "/api/products?limit=500");
        return listed.Where(p => p?["code"]?.GetValue<string>() == ProductCode).Select(p => Guid.Parse(p!["id"]!.GetValue<string>())).FirstOrDefault() is { } id && id != Guid.Empty
            ? id : throw new InvalidOperationException($"product {ProductCode} exists but is not listed");
    }

    private static async Task<Api.Answer> UntilCreatedAsync(string what, Func<Task<Api.Answer>> attempt)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await attempt();
            if (answer.Status == HttpStatusCode.Created) return answer;
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                throw new InvalidOperationException($"{what}: answered {(int)answer.Status}: {answer.Body?.ToJsonString()}");
            await Task.Delay(500);
        }
    }
}
