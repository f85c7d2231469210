using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crm.Revocation.Tests;

/// <summary>
/// Identity's side of the revocation list, as its contract says, served over real HTTP on loopback:
/// <c>POST /connect/token</c> (client credentials, scope crm.revocations) and
/// <c>GET /api/staff/revocations</c> -> <c>{ "staffIds": [...] }</c> and <c>GET /api/branches</c> ->
/// <c>{ "items": [{ "code", ... }], "nextCursor" }</c> (north, east and south opened). It can answer
/// 503 for a while, as identity does while it starts.
/// </summary>
public sealed class StandInIdentity : IAsyncDisposable
{
    public const string ClientId = "crm-services";
    public const string ClientSecret = "stand-in-service-client-secret";
    private const string AccessToken = "stand-in-access-token";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<Guid, bool> revoked;
    private readonly int unavailableFor;
    private int listRequests;

    private StandInIdentity(WebApplication app, IEnumerable<Guid> revoked, int unavailableFor)
    {
        this.app = app;
        this.revoked = new(revoked.Select(id => KeyValuePair.Create(id, true)));
        this.unavailableFor = unavailableFor;
    }

    public int ListRequests => Volatile.Read(ref listRequests);

    public Uri Url => new(app.Urls.Single());

    /// <summary>A freeze made while no event reached the service: only a fresh list tells it.</summary>
    public void Revoke(Guid staffId) => revoked[staffId] = true;

    /// <summary>What a service needs to read the list from here.</summary>
    public IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Crm:Authority"] = Url.ToString().TrimEnd('/'),
        ["Crm:ServiceClient:Id"] = ClientId,
        ["Crm:ServiceClient:Secret"] = ClientSecret,
    };

    /// <param name="unavailableFor">How many list requests are answered 503 before the list is served.</param>
    public static async Task<StandInIdentity> StartAsync(IEnumerable<Guid> revoked, int unavailableFor = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var identity = new StandInIdentity(app, revoked, unavailableFor);
        app.MapPost("/connect/token", identity.IssueToken);
        app.MapGet("/api/staff/revocations", identity.ListRevocations);
        app.MapGet("/api/branches", (HttpRequest request) => ListBranches(request));
        await app.StartAsync();
        return identity;
    }

    private async Task<IResult> IssueToken(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        return form["grant_type"] == "client_credentials" && form["client_id"] == ClientId
            && form["client_secret"] == ClientSecret && form["scope"] == "crm.revocations"
            ? Results.Json(new { access_token = AccessToken, token_type = "Bearer", expires_in = 300 })
            : Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status400BadRequest);
    }

    private IResult ListRevocations(HttpRequest request)
    {
        if (request.Headers.Authorization != $"Bearer {AccessToken}") return Results.StatusCode(StatusCodes.Status401Unauthorized);
        if (Interlocked.Increment(ref listRequests) <= unavailableFor) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        return Results.Json(new { staffIds = revoked.Keys.ToArray() });
    }

    private static IResult ListBranches(HttpRequest request) =>
        request.Headers.Authorization != $"Bearer {AccessToken}"
            ? Results.StatusCode(StatusCodes.Status401Unauthorized)
            : Results.Json(new
            {
                items = OpenedBranches.Select(code => new { code, name = code, timeZone = "Asia/Shanghai", openedAt = DateTimeOffset.UnixEpoch, version = 1 }),
                nextCursor = (string?)null,
            });

    /// <summary>The branches identity lists as opened.</summary>
    public static IReadOnlyList<string> OpenedBranches { get; } = ["east", "north", "south"];

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
