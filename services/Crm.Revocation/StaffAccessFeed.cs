using System.Reflection;
using Crm.Contracts;
using Crm.Contracts.Identity;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Revocation;

/// <summary>
/// The fields the events on the revocation queue are read by: the staff id of the three staff-access
/// events, the branch code of branch-opened. Their ce-type says which event it is.
/// </summary>
public sealed record StaffAccessChange(Guid StaffId, string? Branch);

/// <summary>
/// Every instance of every service (and the gateway) hears every staff-frozen, staff-unfrozen,
/// staff-left and branch-opened event on a queue of its own: a queue shared by instances would hand
/// each event to only one of them (competing consumers).
/// </summary>
public static class StaffAccessFeed
{
    // The public exchange and header of API.md ("Events for subscribers").
    public const string Exchange = "crm.events";
    public const string TypeHeader = "ce-type";

    private static readonly IntegrationEventAttribute Frozen = Describe<StaffFrozen>();
    private static readonly IntegrationEventAttribute Unfrozen = Describe<StaffUnfrozen>();
    private static readonly IntegrationEventAttribute Left = Describe<StaffLeft>();
    private static readonly IntegrationEventAttribute Opened = Describe<BranchOpened>();

    public static IReadOnlyList<string> RoutingKeys { get; } = [Frozen.RoutingKey, Unfrozen.RoutingKey, Left.RoutingKey, Opened.RoutingKey];

    /// <summary><c>{service}.revocations.{machine}-{pid}-{random}</c>: unique per instance, readable in the broker console.</summary>
    public static string QueueName(string service) =>
        $"{service}.revocations.{new string([.. Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')])}" +
        $"-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Adds this instance's revocation queue to a bus that reads raw JSON (as every CRM bus does).</summary>
    public static void ReceiveStaffRevocations(this IRabbitMqBusFactoryConfigurator bus, IBusRegistrationContext context, string service)
    {
        var revoked = context.GetRequiredService<RevokedStaff>();
        var branches = context.GetRequiredService<KnownBranches>();
        var list = context.GetRequiredService<RevocationList>();
        var logger = context.GetRequiredService<ILogger<StaffAccessChange>>();
        bus.ReceiveEndpoint(QueueName(service), e =>
        {
            // Exclusive and auto-delete: the queue lives exactly as long as this instance's connection.
            e.Durable = false;
            e.AutoDelete = true;
            e.Exclusive = true;
            e.ConfigureConsumeTopology = false;
            foreach (var key in RoutingKeys)
                e.Bind(Exchange, b => { b.ExchangeType = "topic"; b.RoutingKey = key; });
            // One at a time: a freeze and the unfreeze right after it must be applied in that order.
            e.ConcurrentMessageLimit = 1;
            e.UseMessageRetry(r => r.Immediate(3));
            // An _error or _skipped queue would be durable and outlive this instance (one more per
            // restart); a poison event is logged with its reason by MassTransit (R-FAULT) instead,
            // and identity's own store still holds it.
            e.DiscardFaultedMessages();
            e.DiscardSkippedMessages();
            // Events published while the queue did not exist (before start, or while the broker
            // connection was down) never reach it: fetch the list again each time it is (re)bound.
            e.ConnectReceiveEndpointObserver(new ReloadWhenBound(list));
            e.Handler<StaffAccessChange>(message =>
            {
                Apply(revoked, branches, message.Headers.Get<string>(TypeHeader), message.Message, logger);
                return Task.CompletedTask;
            });
        });
    }

    internal static void Apply(RevokedStaff revoked, KnownBranches branches, string? type, StaffAccessChange message, ILogger logger)
    {
        if (type == Opened.CloudEventType)
        {
            if (message.Branch is not { Length: > 0 } branch)
            {
                logger.LogWarning("Ignored a {Type} event without a branch", type);
                return;
            }
            branches.Open(branch);
            logger.LogInformation("Tokens and commands for branch {Branch} are accepted from now on ({Type})", branch, type);
            return;
        }

        var staffId = message.StaffId;
        if (staffId == Guid.Empty)
        {
            logger.LogWarning("Ignored a {Type} event without a staff id", type);
            return;
        }
        if (type == Frozen.CloudEventType || type == Left.CloudEventType)
        {
            revoked.Revoke(staffId);
            logger.LogInformation("Tokens of staff {StaffId} are refused from now on ({Type})", staffId, type);
        }
        else if (type == Unfrozen.CloudEventType)
        {
            revoked.Restore(staffId);
            logger.LogInformation("Tokens of staff {StaffId} are accepted again ({Type})", staffId, type);
        }
        else
        {
            logger.LogWarning("Ignored an event of unknown type {Type} on the revocation queue", type);
        }
    }

    private static IntegrationEventAttribute Describe<T>() =>
        typeof(T).GetCustomAttribute<IntegrationEventAttribute>()
        ?? throw new InvalidOperationException($"{typeof(T).FullName} has no [IntegrationEvent] attribute.");

    private sealed class ReloadWhenBound(RevocationList list) : IReceiveEndpointObserver
    {
        public Task Ready(ReceiveEndpointReady ready)
        {
            list.RequestReload("revocation queue bound");
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
        public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
    }
}
