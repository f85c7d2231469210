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
/// Loads the current frozen and departed staff from identity (<c>GET /api/staff/revocations</c>, with a
/// client-credentials token) at start-up and whenever the revocation queue is bound again, retrying
/// with backoff until identity answers. Events alone would miss every freeze made before this
/// instance started.
/// </summary>
public sealed class RevocationList(
    RevokedStaff revoked, IHttpClientFactory clients, ServiceClient? client, TimeProvider time, ILogger<RevocationList> logger)
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
                "instance started are not known to it; only staff-frozen and staff-left events from now on are applied");
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
        LastFailure = null;
        logger.LogInformation("Loaded the revoked staff list from identity ({Reason}): {Count} staff refused", reason, revoked.Count);
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
}
