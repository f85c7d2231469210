using Crm.Testing;

namespace Crm.Revocation.Tests;

/// <summary>Staff-access events as identity publishes them: raw JSON on crm.events with ce-* headers.</summary>
public static class IdentityEvents
{
    public static Task FreezeAsync(Uri rabbitMq, Guid staffId) =>
        PublishAsync(rabbitMq, "staff-frozen", staffId, new { staffId, branch = "north", reason = "on leave", frozenAt = DateTimeOffset.UtcNow });

    public static Task UnfreezeAsync(Uri rabbitMq, Guid staffId) =>
        PublishAsync(rabbitMq, "staff-unfrozen", staffId, new { staffId, branch = "north", unfrozenAt = DateTimeOffset.UtcNow });

    public static Task LeaveAsync(Uri rabbitMq, Guid staffId) =>
        PublishAsync(rabbitMq, "staff-left", staffId, new { staffId, branch = "north", reassignTo = (Guid?)null, leftAt = DateTimeOffset.UtcNow });

    public static Task OpenBranchAsync(Uri rabbitMq, string branch) =>
        EventSubscriber.PublishAsync(rabbitMq, "identity.branch-opened",
            new { branch, name = branch, timeZone = "Asia/Shanghai", openedAt = DateTimeOffset.UtcNow }, new Dictionary<string, string>
            {
                ["ce-id"] = Guid.CreateVersion7().ToString(),
                ["ce-type"] = "crm.identity.branch-opened.v1",
                ["ce-source"] = "/crm/identity",
                ["ce-time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["ce-subject"] = branch,
                ["crm-branch"] = branch,
            });

    private static Task PublishAsync(Uri rabbitMq, string name, Guid staffId, object body) =>
        EventSubscriber.PublishAsync(rabbitMq, $"identity.{name}", body, new Dictionary<string, string>
        {
            ["ce-id"] = Guid.CreateVersion7().ToString(),
            ["ce-type"] = $"crm.identity.{name}.v1",
            ["ce-source"] = "/crm/identity",
            ["ce-time"] = DateTimeOffset.UtcNow.ToString("O"),
            ["ce-subject"] = staffId.ToString(),
            ["crm-branch"] = "north",
        });
}
