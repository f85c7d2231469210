using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Crm.Contracts.Identity;
using Crm.ServiceDefaults.Messaging;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Crm.ServiceDefaults.Replicas.ReplicaFacts;

namespace Crm.ServiceDefaults.Replicas;

/// <summary>Whether a staff member may act: identity's account status.</summary>
public enum StaffReplicaStatus { Active, Frozen, Left }

/// <summary>
/// The little a service keeps of each staff member (ARCHITECTURE rule 1), from identity's events:
/// role, branch and whether they may still act, so work is handed only to people who can do it.
/// Events arrive on one queue per type, so each fact keeps the identity-store position of the event
/// that set it, and a departure cannot be undone by an older unfreeze arriving late.
/// </summary>
public sealed record StaffReplica(Guid Id, string Role, string? Branch, StaffReplicaStatus Status)
{
    public long RoleAt { get; init; } = Never;
    public long StatusAt { get; init; } = Never;

    public static StaffReplica WithEvent(StaffReplica? known, Guid staffId, long position, object e)
    {
        var r = known ?? new StaffReplica(staffId, "", null, StaffReplicaStatus.Active);
        return e switch
        {
            StaffJoined x => r.Placed(x.Role, x.Branch, position).Becoming(StaffReplicaStatus.Active, position),
            StaffRoleChanged x => r.Placed(x.Role, x.Branch, position),
            StaffFrozen => r.Becoming(StaffReplicaStatus.Frozen, position),
            StaffUnfrozen => r.Becoming(StaffReplicaStatus.Active, position),
            // Leaving is for good: nothing older, arriving late, brings the account back.
            StaffLeft => r.Becoming(StaffReplicaStatus.Left, long.MaxValue),
            _ => throw new ArgumentException($"{e.GetType().Name} says nothing about a staff member's role or status.", nameof(e)),
        };
    }

    private StaffReplica Placed(string role, string? branch, long position) =>
        Supersedes(position, RoleAt) ? this with { Role = role, Branch = branch, RoleAt = position } : this;

    private StaffReplica Becoming(StaffReplicaStatus status, long position) =>
        Supersedes(position, StatusAt) ? this with { Status = status, StatusAt = position } : this;

    public static Guid StaffOf(object e) => e switch
    {
        StaffJoined x => x.StaffId,
        StaffRoleChanged x => x.StaffId,
        StaffFrozen x => x.StaffId,
        StaffUnfrozen x => x.StaffId,
        StaffLeft x => x.StaffId,
        _ => throw new ArgumentException($"{e.GetType().Name} names no staff member.", nameof(e)),
    };
}

/// <summary>Applies identity's staff events to the <see cref="StaffReplica"/>, in a consumer's transaction.</summary>
public static class StaffReplicaUpdate
{
    public static async Task<StaffReplica> ApplyAsync<T>(IDocumentSession session, ConsumeContext<T> context) where T : class
    {
        var staffId = StaffReplica.StaffOf(context.Message);
        await LockAsync(session, staffId, context.CancellationToken);
        var known = await session.LoadAsync<StaffReplica>(staffId, context.CancellationToken);
        var next = StaffReplica.WithEvent(known, staffId, PositionOf(context), context.Message);
        session.Store(next);
        return next;
    }

    /// <summary>
    /// The replica's consumers for joined, role-changed, frozen and unfrozen. Staff-left
    /// is left to the service's own consumer (it reassigns the leaver's work), which calls
    /// <see cref="ApplyAsync{T}"/> in the same transaction.
    /// </summary>
    public static ConsumerRegistry ConsumeStaffFacts(this ConsumerRegistry consumers) => consumers
        .Consume<StaffFactConsumer<StaffJoined>, StaffJoined>()
        .Consume<StaffFactConsumer<StaffRoleChanged>, StaffRoleChanged>()
        .Consume<StaffFactConsumer<StaffFrozen>, StaffFrozen>()
        .Consume<StaffFactConsumer<StaffUnfrozen>, StaffUnfrozen>();
}

public sealed class StaffFactConsumer<T>(IDocumentStore store, ServiceIdentity service, TimeProvider time) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context) =>
        store.ProcessOnceAsync(context, $"{service.Name}.{CrmEvents.Describe(typeof(T)).Name}",
            session => StaffReplicaUpdate.ApplyAsync(session, context), time);
}

/// <summary>What identity tells another service about one staff member.</summary>
public sealed record StaffSeen(Guid Id, string Role, string? Branch, StaffReplicaStatus Status);

/// <summary>
/// ARCHITECTURE rule 1 for staff: a service asks identity (<c>GET /api/staff/{id}</c>) about someone its
/// replica has not heard of yet (joined a moment ago). It asks with its own service client when one is
/// configured (<c>Crm:ServiceClient</c>, role <c>service</c>, which may read any account), else with
/// the caller's token, so identity applies the caller's scope.
/// </summary>
public sealed class StaffDirectory(HttpClient http, IConfiguration configuration, ServiceTokenCache cache, TimeProvider time)
{
    public const string ConfigurationKey = "Services:identity";
    private const string ServiceScope = "crm.revocations";

    /// <returns>The staff member, or null when identity does not know them (for whoever asked).</returns>
    /// <exception cref="HttpRequestException">Identity could not answer.</exception>
    public async Task<StaffSeen?> FindAsync(Guid id, AuthenticationHeaderValue? callerToken, CancellationToken ct)
    {
        var token = await ServiceTokenAsync(ct) is { } own ? new AuthenticationHeaderValue("Bearer", own) : callerToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/staff/{id}");
        request.Headers.Authorization = token;
        using var response = await http.SendAsync(request, ct);
        // Not found, or not visible to this caller: from where the caller stands there is no such person.
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<StaffSeen>(JsonOptions, ct);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower) },
    };

    private async Task<string?> ServiceTokenAsync(CancellationToken ct)
    {
        if (configuration["Crm:ServiceClient:Id"] is not { Length: > 0 } clientId || configuration["Crm:ServiceClient:Secret"] is not { Length: > 0 } secret)
            return null;
        if (cache.Current is { } cached && cached.Until > time.GetUtcNow()) return cached.Token;
        await cache.Gate.WaitAsync(ct);
        try
        {
            if (cache.Current is { } fresh && fresh.Until > time.GetUtcNow()) return fresh.Token;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = ServiceScope,
            });
            using var response = await http.PostAsync("connect/token", form, ct);
            response.EnsureSuccessStatusCode();
            var issued = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                ?? throw new HttpRequestException("POST /connect/token answered an empty body");
            // Renewed a minute early, so a token never expires on its way to identity.
            cache.Current = (issued.AccessToken, time.GetUtcNow().AddSeconds(Math.Max(issued.ExpiresIn - 60, 0)));
            return issued.AccessToken;
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>The service client's access token, shared by every request of this instance until shortly before it expires.</summary>
public sealed class ServiceTokenCache
{
    internal SemaphoreSlim Gate { get; } = new(1, 1);
    internal (string Token, DateTimeOffset Until)? Current { get; set; }
}

public static class StaffDirectorySetup
{
    public static IServiceCollection AddStaffDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceTokenCache>();
        services.AddHttpClient<StaffDirectory>(c =>
        {
            var identity = configuration[StaffDirectory.ConfigurationKey] ?? configuration["Crm:Authority"] ?? "http://127.0.0.1:8085";
            c.BaseAddress = new Uri(identity.TrimEnd('/') + "/");
            c.Timeout = TimeSpan.FromSeconds(5);
        });
        return services;
    }
}
