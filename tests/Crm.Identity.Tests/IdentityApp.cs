using Microsoft.Extensions.Logging;
using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Crm.Identity.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Crm.Testing;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Crm.Identity.Tests;

// The identity service in memory against the real PostgreSQL and RabbitMQ of the test run
// (Crm.Testing's TestInfrastructure), with a database and a virtual host of its own per test class.
public sealed class IdentityApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "admin-Pa55!";
    public const string ClientId = "erp";
    public const string ClientSecret = "erp-Secret-1";

    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"crm-identity-keys-{Guid.NewGuid():N}");

    private string Postgres { get; set; } = "";
    private Uri RabbitMq { get; set; } = null!;

    public string Database { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        Postgres = await infrastructure.CreateDatabaseAsync("identity");
        Database = new NpgsqlConnectionStringBuilder(Postgres).Database!;
        RabbitMq = await infrastructure.CreateVirtualHostAsync("identity");
    }

    /// <summary>Everything the service logged, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace).AddProvider(Logs));
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", Postgres);
        builder.UseSetting("ConnectionStrings:RabbitMq", RabbitMq.ToString());
        builder.UseSetting("Crm:Database", Database);
        builder.UseSetting("Crm:Issuer", "http://localhost/");
        builder.UseSetting("Crm:Authority", "http://localhost");
        builder.UseSetting("CRM_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("CRM_DEMO_PASSWORD", "");
        builder.UseSetting("Identity:SigningKeyPath", Path.Combine(_keys, "signing-key.pem"));
        builder.UseSetting("Identity:EncryptionKeyPath", Path.Combine(_keys, "encryption-key.pem"));
        builder.UseSetting("Identity:Clients:0:ClientId", ClientId);
        builder.UseSetting("Identity:Clients:0:ClientSecret", ClientSecret);
        builder.UseSetting("Identity:Clients:0:Scopes:0", "crm.import");
        // The bearer handler fetches discovery and JWKS from this same in-memory server.
        builder.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            o => o.BackchannelHttpHandler = new InMemoryServer(() => Server.CreateHandler())));
    }

    /// <summary>
    /// A client with an access token for any role, signed with the very key this service signs
    /// with, so role and scope rules can be tested without creating an account for every case.
    /// </summary>
    public HttpClient ClientAs(string role, string? branch = null, Guid? staffId = null, params string[] scopes)
    {
        var claims = new List<Claim> { new("sub", (staffId ?? Guid.CreateVersion7()).ToString()), new("name", role), new("role", role) };
        if (branch is not null) claims.Add(new Claim("branch", branch));
        if (scopes.Length > 0) claims.Add(new Claim("scope", string.Join(' ', scopes)));
        var key = RsaKeyFile.LoadOrCreate(Path.Combine(_keys, "signing-key.pem"));
        var token = new JwtSecurityToken("http://localhost/", "crm", claims, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5),
            new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", new JwtSecurityTokenHandler().WriteToken(token));
        return client;
    }

    /// <summary>A client signed in through the token endpoint, as the staff member would be.</summary>
    public async Task<HttpClient> SignedInAsync(string username, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = username, ["password"] = password,
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public Uri VirtualHost => RabbitMq;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }

    private sealed class InMemoryServer(Func<HttpMessageHandler> handler) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            new HttpMessageInvoker(handler(), disposeHandler: false).SendAsync(request, cancellationToken);
    }
}
