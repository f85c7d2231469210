namespace Crm.Simulator.Faults;

/// <summary>What one run of the fault suite works against and how long each part lasts.</summary>
public sealed record FaultOptions(Uri Gateway, string AdminPassword, string DemoPassword)
{
    /// <summary>The entry script (deploy/crm) whose subcommands cause and repair the faults.</summary>
    public string CrmScript { get; init; } = "deploy/crm";

    /// <summary>The state folder of the running system's infrastructure (.crm of `up`).</summary>
    public string StateDir { get; init; } = ".crm";

    /// <summary>RabbitMQ's management API with its credentials, e.g. http://crm:crm@127.0.0.1:15682.</summary>
    public Uri RabbitManagement { get; init; } = new("http://crm:crm@127.0.0.1:15682");

    /// <summary>Writes per second through the gateway, all workers together.</summary>
    public double WritesPerSecond { get; init; } = 20;

    public int Workers { get; init; } = 4;

    /// <summary>How long reporting's database refuses connections, and the broker stays stopped for a third of it.</summary>
    public int OutageSeconds { get; init; } = 60;

    /// <summary>Writes go on this long before each fault starts and after it is repaired.</summary>
    public int LeadSeconds { get; init; } = 5;
    public int TrailSeconds { get; init; } = 5;

    /// <summary>How long the consumers get to catch up after each fault.</summary>
    public int CatchUpSeconds { get; init; } = 180;

    /// <summary>The whole run stops within this (faults not yet started are reported as not run).</summary>
    public int BudgetSeconds { get; init; } = 400;

    /// <summary>Which faults to run (a, b, c, d); all when empty.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>The suite's own branch; a fresh one per run so earlier data never enters its counts.</summary>
    public string Branch { get; init; } = $"faults-{DateTime.UtcNow:yyyyMMddHHmmss}";
}
