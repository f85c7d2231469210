using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Crm.Testing;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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
