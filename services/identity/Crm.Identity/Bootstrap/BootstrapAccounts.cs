using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Security;
using Marten;
using Npgsql;

namespace Crm.Identity.Bootstrap;

// Creates the accounts a fresh system needs (API.md, sign-in), once: an account that exists is
// left alone, and an instance that loses the race to another one hits the unique username index.
public sealed class BootstrapAccounts(
    IDocumentStore store, IConfiguration config, StaffPasswords passwords, TimeProvider clock,
    ILogger<BootstrapAccounts> log) : BackgroundService
{
    private sealed record Seed(string Username, string Name, string Role, string PasswordSetting);

    private static readonly Seed[] Seeds =
    [
        new("admin", "System Administrator", Roles.SystemAdmin, "CRM_ADMIN_PASSWORD"),
        new("exec", "Group Executive", Roles.GroupExecutive, "CRM_DEMO_PASSWORD"),
    ];

    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>True once the accounts exist: the service is not ready to sign anyone in before that.</summary>
    public bool Completed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The database may come up after this service: keep trying rather than failing the start.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureAccountsAsync(stoppingToken);
                Completed = true;
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Creating the bootstrap accounts failed; retrying in {Delay}", RetryDelay);
                await Task.Delay(RetryDelay, clock, stoppingToken);
            }
        }
    }

    public async Task EnsureAccountsAsync(CancellationToken cancellation)
    {
        foreach (var seed in Seeds)
        {
            var password = config[seed.PasswordSetting];
            if (string.IsNullOrEmpty(password))
            {
                log.LogWarning("{Setting} is not set: the '{Username}' account is not created", seed.PasswordSetting, seed.Username);
                continue;
            }
            await EnsureAccountAsync(seed, password, cancellation);
        }
    }

    private async Task EnsureAccountAsync(Seed seed, string password, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(BranchScope.NoBranch);
        if (await session.Query<StaffAccount>().AnyAsync(a => a.Username == seed.Username, cancellation))
            return;

        var id = Guid.CreateVersion7();
        var events = Staff.Decide(null,
            new JoinStaff(id, seed.Username, seed.Name, seed.Role, null, passwords.Hash(password), clock.GetUtcNow()));
        session.Events.StartStream<Staff>(id, events);
        try
        {
            await session.SaveChangesAsync(cancellation);
            log.LogInformation("Created the '{Username}' account ({Role}) as {StaffId}", seed.Username, seed.Role, id);
        }
        catch (Exception ex) when (IsUniqueViolation(ex))
        {
            log.LogInformation("The '{Username}' account was created by another instance", seed.Username);
        }
    }

    public static bool IsUniqueViolation(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                return true;
        return false;
    }
}
