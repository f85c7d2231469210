using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// Stands in for identity's <c>GET /api/staff/{id}</c> on a loopback port, so sales' fallback for staff
/// its replica has not heard of yet can be exercised over real HTTP. It answers only requests that
/// carry a bearer token.
/// </summary>
public static class StandInIdentity
{
    private static readonly ConcurrentDictionary<Guid, object> Staff = new();
    private static readonly ConcurrentBag<string> StaffLookupTokens = [];
    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>The service client it issues tokens to, as deploy/crm configures it for every service.</summary>
    public const string ServiceClientId = "crm-services";
    public const string ServiceClientSecret = "stand-in-secret";
    public const string ServiceToken = "stand-in-service-token";

    /// <summary>Whether a staff lookup came with <paramref name="token"/>.</summary>
    public static bool LookedUpWith(string token) => StaffLookupTokens.Contains(token);

    public static Task<string> AddressAsync() => Started.Value;

    /// <summary>Someone only identity knows (their staff-joined event has not reached sales yet).</summary>
    public static Guid Knows(string role, string? branch, string status = "active")
    {
        var id = Guid.CreateVersion7();
        Staff[id] = new { id, username = $"u{id:N}"[..12], name = "Fresh Staff", role, branch, status, joinedAt = DateTimeOffset.UtcNow, version = 1 };
        return id;
    }

    private static async Task<string> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/api/staff/{id:guid}", (Guid id, HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.Unauthorized();
            StaffLookupTokens.Add(authorization["Bearer ".Length..]);
            return Staff.TryGetValue(id, out var member) ? Results.Ok(member) : Results.NotFound();
        });
        // Client credentials for the service client only; and what a service loads at start with it.
        app.MapPost("/connect/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return form["grant_type"] == "client_credentials" && form["client_id"] == ServiceClientId && form["client_secret"] == ServiceClientSecret
                ? Results.Ok(new Dictionary<string, object> { ["access_token"] = ServiceToken, ["token_type"] = "Bearer", ["expires_in"] = 3600 })
                : Results.BadRequest(new { error = "invalid_client" });
        });
        app.MapGet("/api/staff/revocations", () => Results.Ok(new { staffIds = Array.Empty<Guid>() }));
        app.MapGet("/api/branches", () => Results.Ok(new { items = new[] { new { code = "north" }, new { code = "east" } }, nextCursor = (string?)null }));
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
