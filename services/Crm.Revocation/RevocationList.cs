using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Crm.Revocation;

/// <summary>The service client this instance signs in with to read identity's revocation list.</summary>
public sealed record ServiceClient(string Id, string Secret)
{
    public const string Scope = "crm.revocations";
}

/// <summary>
/// Loads the current frozen and departed staff (<c>GET /api/staff/revocations</c>) and the opened
/// branches (<c>GET /api/branches</c>) from identity, with a client-credentials token, at start-up and
/// whenever the revocation queue is bound again, retrying with backoff until identity answers. Events
/// alone would miss every freeze made, and every branch opened, before this instance started.
/// </summary>
public sealed class RevocationList(
    RevokedStaff revoked, KnownBranches branches, IHttpClientFactory clients, ServiceClient? client, TimeProvider time, ILogger<RevocationList> logger)
    : BackgroundService
{
    public const string HttpClientName = "crm-revocation-list";

    private readonly Channel<string> reloads = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Why the last attempt failed, while the list has not been loaded since.</summary>
    public string? LastFailure { get; private set; }

    public bool HasServiceClient => client is not null;

    /// <summary>Asks for a fresh load; requests made while one is pending are merged into it.</summary>
    public void RequestReload(string reason) => reloads.Writer.TryWrite(reason);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (client is null)
        {
            logger.LogWarning("No service client configured (Crm:ServiceClient:Id and :Secret): staff frozen before this " +
                "instance started are not known to it; only staff-frozen and staff-left events from now on are applied, " +
                "and no branch is refused");
            return;
        }

        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !stoppingToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(30),
            OnRetry = args =>
            {
                LastFailure = args.Outcome.Exception?.Message;
                logger.LogWarning("Could not load the revoked staff list from identity (attempt {Attempt}): {Reason}; retrying in {Delay}",
                    args.AttemptNumber + 1, LastFailure, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();

        RequestReload("start-up");
        try
        {
            await foreach (var reason in reloads.Reader.ReadAllAsync(stoppingToken))
                await retry.ExecuteAsync(ct => LoadAsync(client, reason, ct), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async ValueTask LoadAsync(ServiceClient serviceClient, string reason, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(HttpClientName);
        var token = await RequestTokenAsync(http, serviceClient, cancellationToken);

        revoked.ListRequested();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/staff/revocations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET /api/staff/revocations answered {(int)response.StatusCode}", null, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<RevocationListResponse>(cancellationToken)
            ?? throw new HttpRequestException("GET /api/staff/revocations answered an empty body");

        revoked.ApplyList(list.StaffIds ?? [], time.GetUtcNow());
        logger.LogInformation("Loaded the revoked staff list from identity ({Reason}): {Count} staff refused", reason, revoked.Count);

        branches.ListRequested();
        branches.ApplyList(await ReadBranchesAsync(http, token, cancellationToken), time.GetUtcNow());
        LastFailure = null;
        logger.LogInformation("Loaded the opened branches from identity ({Reason}): {Count} branches", reason, branches.Count);
    }

    /// <summary>Every page of <c>GET /api/branches</c> (<c>{ items, nextCursor }</c>), as codes.</summary>
    private static async Task<List<string>> ReadBranchesAsync(HttpClient http, string token, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        string? cursor = null;
        do
        {
            var uri = "api/branches?limit=500" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"GET /api/branches answered {(int)response.StatusCode}", null, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<BranchPage>(cancellationToken)
                ?? throw new HttpRequestException("GET /api/branches answered an empty body");
            codes.AddRange((page.Items ?? []).Select(b => b.Code).OfType<string>());
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return codes;
    }

    private static async Task<string> RequestTokenAsync(HttpClient http, ServiceClient serviceClient, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = serviceClient.Id,
            ["client_secret"] = serviceClient.Secret,
            ["scope"] = ServiceClient.Scope,
        });
        using var response = await http.PostAsync("connect/token", form, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"POST /connect/token for client {serviceClient.Id} answered {(int)response.StatusCode}", null, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        return token?.AccessToken is { Length: > 0 } accessToken
            ? accessToken
            : throw new HttpRequestException("POST /connect/token answered without an access_token");
    }

    private sealed record TokenResponse([property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken);

    private sealed record RevocationListResponse(IReadOnlyList<Guid>? StaffIds);

    private sealed record BranchPage(IReadOnlyList<BranchItem>? Items, string? NextCursor);

    private sealed record BranchItem(string? Code);
}
