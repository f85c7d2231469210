using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;
using Npgsql;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The whole CRM as `up` runs it: identity, customers, sales, tickets, reporting and the gateway as
/// processes on free loopback ports (never the ports `up` uses), the shared test PostgreSQL with
/// databases of this run, and a RabbitMQ node of its own that tests may stop and start.
/// </summary>
public sealed class CrmSystem : IAsyncLifetime
{
    public const string AdminPassword = "e2e-Admin-Passw0rd!";
    public const string DemoPassword = "e2e-Demo-Passw0rd!";

    private readonly List<ServiceProcess> processes = [];
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly string keys = Path.Combine(Path.GetTempPath(), $"crm-e2e-keys-{Guid.NewGuid():N}");
    // The crm-services client every service and the gateway read identity's revoked staff list with, as `up` gives it.
    private readonly string serviceClientSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    private string postgres = "";

    public PrivateBroker Broker { get; private set; } = null!;
    public Uri Gateway { get; private set; } = null!;
    public string SigningKeyPath => Path.Combine(keys, "signing-key.pem");
    public string Issuer => Gateway.ToString();

    public Uri ServiceUrl(string name) => processes.Single(p => p.Name == name).Url;

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        postgres = infrastructure.PostgresConnectionString;
        Broker = await PrivateBroker.StartAsync();
        var root = CrmScript.FindRepositoryRoot() ?? throw new InvalidOperationException("Run from a checkout.");

        var ports = new Dictionary<string, int>();
        foreach (var name in new[] { "identity", "customers", "sales", "tickets", "reporting", "gateway" }) ports[name] = FreePort.Next();
        Gateway = new Uri($"http://127.0.0.1:{ports["gateway"]}/");

        Dictionary<string, string> Common(string service) => new()
        {
            ["ConnectionStrings__Postgres"] = postgres,
            ["ConnectionStrings__RabbitMq"] = Broker.AmqpUri.ToString(),
            ["Crm__Database"] = DatabaseOf(service),
            ["Crm__Issuer"] = Issuer,
            ["Crm__Authority"] = $"http://127.0.0.1:{ports["identity"]}",
            ["Crm__ServiceClient__Id"] = "crm-services",
            ["Crm__ServiceClient__Secret"] = serviceClientSecret,
            // Sales and tickets look up customers their replica has not heard of yet: this run's, not a demo's on 8081.
            ["Services__customers"] = $"http://127.0.0.1:{ports["customers"]}",
        };

        var identity = Common("identity");
        identity["CRM_ADMIN_PASSWORD"] = AdminPassword;
        identity["CRM_DEMO_PASSWORD"] = DemoPassword;
        identity["Identity__SigningKeyPath"] = SigningKeyPath;
        identity["Identity__EncryptionKeyPath"] = Path.Combine(keys, "encryption-key.pem");
        identity["Identity__Clients__0__ClientId"] = "crm-services";
        identity["Identity__Clients__0__ClientSecret"] = serviceClientSecret;
        identity["Identity__Clients__0__Scopes__0"] = "crm.revocations";
        Start("identity", Path.Combine(root, "services/identity/Crm.Identity"), ports["identity"], identity);
        foreach (var service in new[] { "customers", "sales", "tickets", "reporting" })
            Start(service, Path.Combine(root, $"services/{service}/Crm.{char.ToUpperInvariant(service[0])}{service[1..]}"), ports[service], Common(service));

        var gateway = Common("gateway");
        foreach (var service in new[] { "identity", "customers", "sales", "tickets", "reporting" })
            gateway[$"Services__{service}"] = $"http://127.0.0.1:{ports[service]}";
        Start("gateway", Path.Combine(root, "gateway/Crm.Gateway"), ports["gateway"], gateway);

        await Task.WhenAll(processes.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));
        // Ready allows a degraded (not yet connected) bus; events published before reporting's
        // queue is bound would reach no one, so wait for the binding as a fresh deployment should.
        await Eventually.Get(() => QueueExistsAsync("reporting.events"), exists => exists,
            within: TimeSpan.FromMinutes(1), what: "reporting's queue bound to crm.events");
        foreach (var branch in new[] { "north", "east", "south" }) await OpenBranchAsync(branch);
    }

    /// <summary>
    /// Opens a branch as the system admin and waits until the customers service has heard of it
    /// (services learn of new branches from identity.branch-opened, a moment later).
    /// </summary>
    public async Task<string> OpenBranchAsync(string code)
    {
        using var admin = Client(await SignInAsync("admin", AdminPassword));
        var opened = await admin.PostAsJsonAsync("api/branches", new { code, name = $"Branch {code}" });
        if (opened.StatusCode is not (System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.Conflict))
            throw new InvalidOperationException($"Opening branch {code} answered {(int)opened.StatusCode}: {await opened.Content.ReadAsStringAsync()}");
        using var exec = Client(await SignInAsync());
        // A registration without a name is refused and stores nothing; it names the branch only while unknown.
        await Eventually.Get(async () => (await (await exec.PostAsJsonAsync("api/customers", new { branch = code })).Content.ReadAsStringAsync())
                .Contains("No branch with this code", StringComparison.Ordinal),
            unknown => !unknown, what: $"customers knows branch {code}");
        return code;
    }

    private Task<bool> QueueExistsAsync(string queue) => new RabbitManagement(Broker.ManagementUri).QueueExistsAsync("/", queue);

    private void Start(string name, string project, int port, Dictionary<string, string> environment) =>
        processes.Add(ServiceProcess.Start(name, project, port, environment));

    public string DatabaseOf(string service) => $"crm_e2e_{run}_{service}";

    /// <summary>Where checks must hold twice: at the gateway, and at a service called directly.</summary>
    public static TheoryData<string> GatewayAndService => new() { "gateway", "customers" };

    public HttpClient Client(string? token = null, string target = "gateway")
    {
        var client = new HttpClient { BaseAddress = target == "gateway" ? Gateway : ServiceUrl(target) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the gateway as a staff member, the way a user's app does.</summary>
    public async Task<string> SignInAsync(string username = "exec", string password = DemoPassword)
    {
        using var client = Client();
        var response = await client.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = username, ["password"] = password,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in as {username} failed: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>How many events the customers service has stored: proof that a refused request stored nothing.</summary>
    public async Task<long> StoredCustomerEventsAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = DatabaseOf("customers") }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public string Logs => string.Join("\n", processes.Select(p => $"--- {p.Name}\n{p.RecentOutput}"));

    public async Task DisposeAsync()
    {
        foreach (var process in processes) await process.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<CrmSystem>
{
    public const string Name = "The whole CRM";
}
